/**
 * Order types and lookups against the live (not pinned) market: stops and take-profits (rejected
 * when they would trigger at once, triggered by the last trade), IOC/FOK/LIMIT_MAKER, MARKET by
 * quote amount, cancels (the client id is replaced), cancel-all, and the list endpoints' rules.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { get, signed, type Json } from './sim-test-helpers.js';

describe('order types and lookups', () => {
  let exchange: FakeExchange;
  let bid: number;
  let ask: number;
  const order = (params: Record<string, string | number>) => signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', ...params }, 'POST');
  const query = (orderId: unknown) => signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: orderId as number });
  const px = (n: number): string => n.toFixed(2);

  beforeAll(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  });
  beforeEach(async () => {
    exchange.market.pause();
    const book = (await get(exchange, '/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' })).body;
    [bid, ask] = [Number(book.bidPrice), Number(book.askPrice)];
  });
  afterAll(() => exchange.close());

  it('rejects a stop that would trigger at once, and triggers one on the last trade', async () => {
    const last = Number(exchange.market.lastPrice('BTCUSDT'));
    const immediate = await order({ side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.01', price: px(last + 10), stopPrice: px(last + 5) });
    expect(immediate.body).toEqual({ code: -2010, msg: 'Order would trigger immediately.' });
    const stop = (await order({ side: 'SELL', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.01', price: px(last - 60), stopPrice: px(last - 50), newOrderRespType: 'RESULT' })).body;
    expect(stop).toMatchObject({ status: 'NEW', type: 'STOP_LOSS_LIMIT', stopPrice: `${px(last - 50)}000000`, workingTime: -1 });
    expect((await query(stop.orderId)).body).toMatchObject({ isWorking: false, stopPrice: `${px(last - 50)}000000` });
    exchange.market.printTrade('BTCUSDT', px(last - 40), '0.1'); // not yet at the stop
    expect((await query(stop.orderId)).body.status).toBe('NEW');
    exchange.market.printTrade('BTCUSDT', px(last - 50), '0.1'); // at the stop: it becomes a LIMIT sell at last - 60 and takes the bid
    const triggered = (await query(stop.orderId)).body;
    expect(triggered).toMatchObject({ status: 'FILLED', executedQty: '0.01000000', isWorking: true });
    expect(triggered.workingTime).toBeGreaterThan(0);
    const [fill] = (await signed<Json[]>(exchange, '/api/v3/myTrades', { symbol: 'BTCUSDT', orderId: stop.orderId })).body;
    expect(Number(fill?.price)).toBe(bid); // the book's bid, better than its limit

    const now = Number(exchange.market.lastPrice('BTCUSDT'));
    expect(now).toBe(Number(fill?.price)); // the stop's own fill is the last trade
    const takeProfit = await order({ side: 'BUY', type: 'TAKE_PROFIT_LIMIT', timeInForce: 'GTC', quantity: '0.01', price: px(now - 30), stopPrice: px(now - 20), newOrderRespType: 'RESULT' });
    expect(takeProfit.body.status).toBe('NEW');
    expect((await order({ side: 'BUY', type: 'TAKE_PROFIT', quantity: '0.01', stopPrice: px(now + 20) })).body.msg).toBe('Order would trigger immediately.');
    expect((await order({ side: 'BUY', type: 'STOP_LOSS', quantity: '0.01', stopPrice: px(now + 20), price: px(now) })).body.code).toBe(-1106);
    expect((await order({ side: 'BUY', type: 'STOP_LOSS', quantity: '0.01' })).body.code).toBe(-1102);
  });

  it('handles IOC, FOK and LIMIT_MAKER against the book', async () => {
    const depth = (await get(exchange, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 5 })).body;
    const bestAskQty = Number(depth.asks[0][1]);
    const fok = (await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'FOK', price: px(ask), quantity: (bestAskQty + 0.001).toFixed(5) })).body;
    expect([fok.status, fok.executedQty]).toEqual(['EXPIRED', '0.00000000']);
    const ioc = (await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price: px(ask), quantity: (bestAskQty + 0.001).toFixed(5) })).body;
    expect(ioc.status).toBe('EXPIRED');
    expect(Number(ioc.executedQty)).toBeCloseTo(bestAskQty, 8); // took the best ask level, the rest expired
    const maker = await order({ side: 'SELL', type: 'LIMIT_MAKER', price: px(ask + 5), quantity: '0.001' });
    expect(maker.body).toMatchObject({ clientOrderId: expect.any(String) });
    expect(Object.keys(maker.body)).not.toContain('status'); // LIMIT_MAKER answers ACK by default
    expect((await order({ side: 'SELL', type: 'LIMIT_MAKER', price: px(bid), quantity: '0.001' })).body.msg).toBe('Order would immediately match and take.');
  });

  it('spends quoteOrderQty on the book, one step short of it at most', async () => {
    const buy = (await order({ side: 'BUY', type: 'MARKET', quoteOrderQty: '100' })).body;
    expect(buy.status).toBe('FILLED');
    expect(Number(buy.cummulativeQuoteQty)).toBeLessThanOrEqual(100);
    expect(Number(buy.cummulativeQuoteQty)).toBeGreaterThan(100 - ask * 0.00001);
    expect(buy.origQuoteOrderQty).toBe('100.00000000');
    expect((buy.fills as Json[]).every((f) => Number(f.price) >= ask)).toBe(true);
  });

  it('cancels: the cancel id replaces the client id, and cancel-all answers every order', async () => {
    const placed = (await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px(bid - 500), quantity: '0.001', newClientOrderId: 'orig-1' })).body;
    const canceled = (await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: 'orig-1', newClientOrderId: 'cancel-1' }, 'DELETE')).body;
    expect(canceled).toMatchObject({ origClientOrderId: 'orig-1', clientOrderId: 'cancel-1', status: 'CANCELED', orderId: placed.orderId });
    expect((await query(placed.orderId)).body.clientOrderId).toBe('cancel-1');
    // The original id is free again for a new order.
    expect((await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px(bid - 500), quantity: '0.001', newClientOrderId: 'orig-1' })).body.status).toBe('NEW');
    expect([exchange.orders.countByClientId('orig-1'), exchange.orders.countByClientId('cancel-1')]).toEqual([2, 0]);
    await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px(bid - 600), quantity: '0.001' });
    const open = (await signed<Json[]>(exchange, '/api/v3/openOrders', { symbol: 'BTCUSDT' })).body;
    const all = (await signed<Json[]>(exchange, '/api/v3/openOrders', { symbol: 'BTCUSDT' }, 'DELETE')).body;
    expect(all.map((o): unknown => o.orderId).sort()).toEqual(open.map((o): unknown => o.orderId).sort());
    expect(all.every((o) => o.status === 'CANCELED')).toBe(true);
    expect(new Set(all.map((o): unknown => o.clientOrderId)).size).toBe(1); // one generated id for the whole request
    expect((await signed(exchange, '/api/v3/openOrders', { symbol: 'BTCUSDT' }, 'DELETE')).body.code).toBe(-2011);
    expect((await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: placed.orderId }, 'DELETE')).body).toEqual({ code: -2011, msg: 'Unknown order sent.' });
    expect((await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: 1 })).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    expect((await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: 1, cancelRestrictions: 'SOMETIMES' }, 'DELETE')).body.code).toBe(-1145);
  });

  it('pages allOrders by orderId and myTrades by fromId, ascending, with the 24 h window rule', async () => {
    for (let i = 0; i < 3; i++) await order({ side: 'BUY', type: 'MARKET', quantity: '0.001' });
    const orders = (await signed<Json[]>(exchange, '/api/v3/allOrders', { symbol: 'BTCUSDT' })).body;
    expect(orders.length).toBeGreaterThanOrEqual(5);
    const ids = orders.map((o) => o.orderId as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const from = orders.at(-3)?.orderId as number;
    expect((await signed<Json[]>(exchange, '/api/v3/allOrders', { symbol: 'BTCUSDT', orderId: from, limit: 2 })).body.map((o): unknown => o.orderId)).toEqual(ids.slice(-3, -1));
    const trades = (await signed<Json[]>(exchange, '/api/v3/myTrades', { symbol: 'BTCUSDT' })).body;
    const second = trades[1]?.id as number;
    expect((await signed<Json[]>(exchange, '/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: second, limit: 2 })).body).toEqual(trades.slice(1, 3));
    const t = trades.at(-1)?.time as number;
    expect((await signed<Json[]>(exchange, '/api/v3/myTrades', { symbol: 'BTCUSDT', startTime: t, endTime: t })).body.every((r) => r.time === t)).toBe(true);
    expect((await signed(exchange, '/api/v3/myTrades', { symbol: 'BTCUSDT', startTime: t - 90_000_000, endTime: t })).body.code).toBe(-1127);
    expect((await signed(exchange, '/api/v3/myTrades', { symbol: 'BTCUSDT', fromId: second, startTime: t })).body.code).toBe(-1128);
    const weight = exchange.usedWeight();
    await signed(exchange, '/api/v3/openOrders');
    expect(exchange.usedWeight() - weight).toBe(80);
  });

  it('keeps the filters: price band around the average price, and at most 5 open stops', async () => {
    expect((await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px(bid * 6), quantity: '0.0001' })).body.msg).toBe('Filter failure: PERCENT_PRICE_BY_SIDE');
    const last = Number(exchange.market.lastPrice('BTCUSDT'));
    for (let i = 0; i < 5; i++) {
      const placed = await order({ side: 'BUY', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.001', price: px(last + 200), stopPrice: px(last + 100 + i) });
      if (placed.body.code === -1013) expect(placed.body.msg).toBe('Filter failure: MAX_NUM_ALGO_ORDERS');
    }
    expect((await order({ side: 'BUY', type: 'STOP_LOSS_LIMIT', timeInForce: 'GTC', quantity: '0.001', price: px(last + 200), stopPrice: px(last + 150) })).body.msg).toBe('Filter failure: MAX_NUM_ALGO_ORDERS');
    expect((await order({ side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: px(bid), quantity: '0.001', icebergQty: '0.0005' })).body.code).toBe(-2010);
  });
});
