/**
 * The levers gateway tests pull, and the determinism they rely on: the same seed and tape start
 * give the same market trade for trade; pausing stops it; printed trades fill what they cross;
 * orders placed and cancelled outside the gateway show up like any other; a pinned price fills
 * the legacy way on the live market too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { get, signed, type Json } from './sim-test-helpers.js';

const MINUTE = 60_000;

describe('levers', () => {
  let exchange: FakeExchange;

  beforeAll(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  });
  afterAll(() => exchange.close());

  it('is deterministic: same seed and tape start, same trades and book; another seed, another market', async () => {
    const tapeStartTime = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
    const at = tapeStartTime + 90_000;
    const [a, b, c] = await Promise.all([1, 1, 2].map((seed) => startFakeExchange({ seed, tapeStartTime })));
    try {
      for (const x of [a, b, c]) x?.clock.freeze(at);
      const view = async (x: FakeExchange | undefined) => [
        (await get<Json[]>(x as FakeExchange, '/api/v3/trades', { symbol: 'BTCUSDT', limit: 200 })).body,
        (await get(x as FakeExchange, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 50 })).body,
        (await get(x as FakeExchange, '/api/v3/klines', { symbol: 'BTCUSDT', interval: '1s', limit: 30 })).body,
      ];
      const [va, vb, vc] = await Promise.all([view(a), view(b), view(c)]);
      expect(vb).toEqual(va);
      expect(vc).not.toEqual(va);
      expect((va[0] as Json[]).at(-1)?.time).toBeLessThanOrEqual(at);
    } finally {
      await Promise.all([a, b, c].map((x) => (x as FakeExchange).close()));
    }
  });

  it('pauses the tape (nothing trades, the book stands) and resumes it', async () => {
    exchange.market.pause('ETHUSDT');
    const before = exchange.market.book('ETHUSDT', 10);
    const lastTrade = (await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'ETHUSDT', limit: 1 })).body[0];
    exchange.clock.advance(2_000);
    expect((await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'ETHUSDT', limit: 1 })).body[0]).toEqual(lastTrade);
    expect(exchange.market.book('ETHUSDT', 10)).toEqual(before);
    // However far the clock moves: a paused market's minutes have no trades (flat at the last price).
    exchange.clock.advance(10 * MINUTE);
    expect((await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'ETHUSDT', limit: 1 })).body[0]).toEqual(lastTrade);
    const [idle] = (await get<Json[]>(exchange, '/api/v3/klines', { symbol: 'ETHUSDT', interval: '1m', limit: 2 })).body;
    expect([idle?.[1], idle?.[4], idle?.[5], idle?.[8]]).toEqual([lastTrade?.price, lastTrade?.price, '0.00000000', 0]);
    exchange.market.resume('ETHUSDT');
    exchange.clock.advance(2_000);
    expect((await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'ETHUSDT', limit: 1 })).body[0]?.id).toBeGreaterThan(lastTrade?.id as number);
    expect(() => exchange.market.printTrade('ETHUSDT', '3000.001', '1')).toThrow(/multiple of 0.01/);
    expect(() => exchange.market.printTrade('LUNAUSDT', '1', '1')).toThrow(/not TRADING/);
    expect(() => exchange.market.pause('NOPE')).toThrow(/unknown symbol/);
  });

  it('places and cancels orders outside the gateway, and reads them back per account', async () => {
    exchange.accounts.add({ apiKey: 'other-key', apiSecret: 'other-secret', balances: { USDT: '1000', BTC: '1' } });
    const order = exchange.accounts.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '50000', quantity: '0.01' }, 'other-key');
    expect(exchange.accounts.balances('other-key')).toEqual([
      { asset: 'BTC', free: '1.00000000', locked: '0.00000000' },
      { asset: 'USDT', free: '500.00000000', locked: '500.00000000' },
    ]);
    const seen = (await signed<Json[]>(exchange, '/api/v3/openOrders', { symbol: 'BTCUSDT' }, 'GET', { apiKey: 'other-key', apiSecret: 'other-secret' })).body;
    expect(seen.map((o): unknown => o.orderId)).toEqual([order.orderId]);
    expect(exchange.accounts.cancelOrder('BTCUSDT', order.orderId, 'other-key').status).toBe('CANCELED');
    expect(exchange.accounts.balances('other-key')[1]).toEqual({ asset: 'USDT', free: '1000.00000000', locked: '0.00000000' });
    expect(() => exchange.accounts.cancelOrder('BTCUSDT', order.orderId, 'other-key')).toThrow(/Unknown order sent/);
    expect(() => exchange.accounts.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '1' }, 'other-key')).toThrow(/insufficient balance/);
    expect(() => exchange.accounts.add({ apiKey: 'other-key', apiSecret: 'x' })).toThrow(/used twice/);
    expect(exchange.accounts.orders('other-key')).toHaveLength(1);
    expect(exchange.orders.all().some((o) => o.orderId === order.orderId && o.apiKey === 'other-key')).toBe(true);
  });

  it('pins a price: legacy fills, resting orders filled when it crosses them, ticker/price and the tape at the pin', async () => {
    exchange.orders.setPrice('BTCUSDT', '64000');
    const buy = (await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.003' }, 'POST')).body;
    expect((buy.fills as Json[]).map((f): unknown => f.price)).toEqual(['64000.00000000', '64000.01000000', '64000.02000000']);
    const rest = (await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: '65000', quantity: '0.001' }, 'POST')).body;
    expect((await get(exchange, '/api/v3/ticker/price', { symbol: 'BTCUSDT' })).body.price).toBe('64000.00000000');
    exchange.clock.advance(1_000);
    const tape = (await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'BTCUSDT', limit: 5 })).body;
    expect(tape.every((t) => t.price === '64000.00000000')).toBe(true);
    exchange.orders.setPrice('BTCUSDT', '65000.01');
    expect((await signed(exchange, '/api/v3/order', { symbol: 'BTCUSDT', orderId: rest.orderId })).body).toMatchObject({ status: 'FILLED', cummulativeQuoteQty: '65.00000000' });
    expect(() => exchange.orders.setPrice('BTCUSDT', '64000.001')).toThrow(/multiple of 0.01/);
    exchange.orders.clearPrice('BTCUSDT');
    exchange.clock.advance(1_000);
    const book = exchange.market.book('BTCUSDT', 1);
    expect(Number(book.asks[0]?.[0]) - Number(book.bids[0]?.[0])).toBeCloseTo(0.01, 8); // back on the path: a one-tick spread
  });
});
