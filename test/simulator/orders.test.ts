import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange, type SimFill } from '../../src/simulator/fake-exchange.js';
import { callSim, type SimResponse } from '../../src/simulator/sim-client.js';

/** An order answer or an error body, as the wire carries them. */
interface Body {
  code?: number;
  msg?: string;
  orderId: number;
  clientOrderId: string;
  status: string;
  executedQty: string;
  cummulativeQuoteQty: string;
  origQuoteOrderQty: string;
  transactTime?: number;
  fills: SimFill[];
}

describe('orders', () => {
  let exchange: FakeExchange;
  const key = { apiKey: 'sim-api-key', apiSecret: 'sim-api-secret' };
  const send = (path: string, method: 'GET' | 'POST' | 'DELETE', params: Record<string, string | number>): Promise<SimResponse<Body>> =>
    callSim<Body>(exchange.url, path, params, { method, asBody: method === 'POST', signed: { ...key, timestamp: exchange.clock.now() } });
  const order = (params: Record<string, string | number>) => send('/api/v3/order', 'POST', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', ...params });
  const query = (params: Record<string, string | number>) => send('/api/v3/order', 'GET', { symbol: 'BTCUSDT', ...params });

  beforeAll(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  });
  beforeEach(() => {
    exchange.orders.setPrice('BTCUSDT', '64000');
    exchange.orders.setInvisibleForMs(0);
  });
  afterAll(() => exchange.close());

  it('fills a MARKET order at once with a FULL response', async () => {
    const { status, body } = await order({ quantity: '0.003', newClientOrderId: 'mkt-1' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      symbol: 'BTCUSDT', orderListId: -1, clientOrderId: 'mkt-1', price: '0.00000000', origQty: '0.00300000',
      executedQty: '0.00300000', status: 'FILLED', timeInForce: 'GTC', type: 'MARKET', side: 'BUY',
      origQuoteOrderQty: '0.00000000', selfTradePreventionMode: 'NONE',
    });
    expect(Number.isInteger(body.orderId)).toBe(true);
    expect(typeof body.transactTime).toBe('number');
    expect(body.fills).toHaveLength(3);
    // Split into up to three fills, each a tick worse, so an average price is worth computing.
    expect(body.fills[0]).toEqual({ price: '64000.00000000', qty: '0.00150000', commission: '0.00000150', commissionAsset: 'BTC', tradeId: expect.any(Number) });
    expect(body.fills.map((f) => f.price)).toEqual(['64000.00000000', '64000.01000000', '64000.02000000']);
    const quote = body.fills.reduce((sum, f) => sum + Number(f.price) * Number(f.qty), 0);
    expect(Number(body.cummulativeQuoteQty)).toBeCloseTo(quote, 8);
  });

  it('spends quoteOrderQty, charging commission in the received asset on a SELL', async () => {
    const buy = (await order({ quoteOrderQty: '100' })).body;
    expect(buy.executedQty).toBe('0.00156000'); // floor(100 / 64000 to the 0.00001 step)
    expect(buy.cummulativeQuoteQty).toBe('99.84000000');
    expect(buy.origQuoteOrderQty).toBe('100.00000000');
    const sell = (await order({ side: 'SELL', quantity: '0.001', newOrderRespType: 'FULL' })).body;
    expect(sell.fills[0]?.commissionAsset).toBe('USDT');
  });

  it('answers ACK and RESULT shapes', async () => {
    const ack = (await order({ quantity: '0.001', newOrderRespType: 'ACK' })).body;
    expect(Object.keys(ack).sort()).toEqual(['clientOrderId', 'orderId', 'orderListId', 'symbol', 'transactTime']);
    expect(ack.clientOrderId).toMatch(/^[A-Za-z0-9]{22}$/);
    const result = (await order({ quantity: '0.001', newOrderRespType: 'RESULT' })).body;
    expect(result.status).toBe('FILLED');
    expect(result.fills).toBeUndefined();
  });

  it('rests a LIMIT order that cannot fill, rejects its id while open, and fills it when the price comes', async () => {
    const rest = await order({ type: 'LIMIT', timeInForce: 'GTC', price: '60000', quantity: '0.001', newClientOrderId: 'lim-1' });
    expect(rest.body.status).toBe('NEW');
    expect((await order({ quantity: '0.001', newClientOrderId: 'lim-1' })).body).toEqual({ code: -2010, msg: 'Duplicate order sent.' });
    const ioc = await order({ type: 'LIMIT', timeInForce: 'IOC', price: '60000', quantity: '0.001' });
    expect(ioc.body.status).toBe('EXPIRED');
    const taker = await order({ type: 'LIMIT', timeInForce: 'GTC', price: '65000', quantity: '0.001' });
    expect(taker.body.fills[0]?.price).toBe('64000.00000000');
    exchange.orders.setPrice('BTCUSDT', '59999.99');
    const filled = await query({ origClientOrderId: 'lim-1' });
    expect(filled.body).toMatchObject({ status: 'FILLED', executedQty: '0.00100000', cummulativeQuoteQty: '60.00000000', isWorking: true });
    expect((await order({ type: 'LIMIT_MAKER', price: '70000', quantity: '0.001' })).body.msg).toBe('Order would immediately match and take.');
  });

  it('re-uses the id of a FILLED order for a second order, as Binance does', async () => {
    await order({ quantity: '0.001', newClientOrderId: 'again' });
    const second = await order({ quantity: '0.001', newClientOrderId: 'again' });
    expect(second.status).toBe(200);
    expect(exchange.orders.countByClientId('again')).toBe(2);
  });

  it('validates parameters and filters', async () => {
    const code = async (params: Record<string, string | number>) => {
      const { status, body } = await order(params);
      return `${status} ${body.code} ${body.msg}`;
    };
    expect(await code({ quantity: '1e-3' })).toMatch(/^400 -1100 .*'quantity'/);
    expect(await code({ quantity: '0.001', newClientOrderId: 'has.dot' })).toMatch(/^400 -1100 .*newClientOrderId/);
    expect(await code({ quantity: '0.001', newClientOrderId: 'x'.repeat(37) })).toMatch(/^400 -1100/);
    expect(await code({})).toMatch(/^400 -1102/);
    expect(await code({ type: 'LIMIT', price: '64000', quantity: '0.001' })).toMatch(/^400 -1102 .*timeInForce/);
    expect(await code({ quantity: '0.001', timeInForce: 'GTC' })).toMatch(/^400 -1106/);
    expect(await code({ quantity: '0.000001' })).toBe('400 -1013 Filter failure: LOT_SIZE');
    expect(await code({ quantity: '0.000000001' })).toMatch(/^400 -1111/);
    expect(await code({ quantity: '0.00005' })).toBe('400 -1013 Filter failure: NOTIONAL');
    expect(await code({ quantity: '121' })).toBe('400 -1013 Filter failure: MARKET_LOT_SIZE');
    expect(await code({ type: 'LIMIT', timeInForce: 'GTC', price: '64000.001', quantity: '0.001' })).toBe('400 -1013 Filter failure: PRICE_FILTER');
    expect(await code({ symbol: 'BNBBTC', quantity: '0.001' })).toBe('400 -1013 Filter failure: MIN_NOTIONAL');
    expect(await code({ symbol: 'LUNAUSDT', quantity: '1' })).toBe('400 -2010 Market is closed.');
    expect(await code({ symbol: 'NOPE', quantity: '1' })).toBe('400 -1121 Invalid symbol.');
  });

  it('looks orders up by orderId or origClientOrderId, with -2013 when unknown or not yet visible', async () => {
    const placed = (await order({ quantity: '0.001', newClientOrderId: 'find-me' })).body;
    expect((await query({ orderId: placed.orderId })).body.clientOrderId).toBe('find-me');
    expect((await query({ origClientOrderId: 'find-me' })).body.orderId).toBe(placed.orderId);
    expect((await query({ origClientOrderId: 'never-sent' })).body).toEqual({ code: -2013, msg: 'Order does not exist.' });
    exchange.orders.setInvisibleForMs(60_000);
    expect((await query({ orderId: placed.orderId })).body.code).toBe(-2013);
    exchange.clock.advance(60_000);
    expect((await query({ orderId: placed.orderId })).status).toBe(200);
  });

  it('validates /order/test without executing', async () => {
    const before = exchange.orders.all().length;
    const ok = await send('/api/v3/order/test', 'POST', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
    expect(ok.body).toEqual({});
    const bad = await send('/api/v3/order/test', 'POST', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.00001' });
    expect(bad.body.msg).toBe('Filter failure: NOTIONAL');
    expect(exchange.orders.all()).toHaveLength(before);
  });

  it('executes but never answers when told to (the caller times out), or answers 503', async () => {
    exchange.orders.executeButNoAnswer({ clientOrderId: 'lost-1' });
    const lost = callSim(exchange.url, '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: 'lost-1' },
      { method: 'POST', signed: { ...key, timestamp: exchange.clock.now() }, signal: AbortSignal.timeout(300) });
    await expect(lost).rejects.toThrow();
    expect(exchange.orders.countByClientId('lost-1')).toBe(1);
    expect((await query({ origClientOrderId: 'lost-1' })).body.status).toBe('FILLED');
    expect(exchange.requests.find((r) => r.query.newClientOrderId === 'lost-1')?.status).toBe(0);

    exchange.orders.executeButNoAnswer({ as503: true });
    const unknown = await order({ quantity: '0.001', newClientOrderId: 'lost-2' });
    expect(unknown.status).toBe(503);
    expect(exchange.orders.countByClientId('lost-2')).toBe(1);
  });

  it('cancels an open order', async () => {
    await order({ type: 'LIMIT', timeInForce: 'GTC', price: '50000', quantity: '0.001', newClientOrderId: 'cancel-me' });
    const canceled = await send('/api/v3/order', 'DELETE', { symbol: 'BTCUSDT', origClientOrderId: 'cancel-me' });
    expect(canceled.body).toMatchObject({ status: 'CANCELED', origClientOrderId: 'cancel-me' });
    expect((await send('/api/v3/order', 'DELETE', { symbol: 'BTCUSDT', origClientOrderId: 'cancel-me' })).body.code).toBe(-2011);
  });
});
