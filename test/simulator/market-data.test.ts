/**
 * The public market-data endpoints the fidelity check and the gateway call: shapes, types, limits,
 * weights and errors of depth, trades, historicalTrades, aggTrades, the tickers and avgPrice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { get, type Json } from './sim-test-helpers.js';

const DECIMAL = /^\d+\.\d{8}$/;

describe('market data endpoints', () => {
  let exchange: FakeExchange;
  const weightOf = async (path: string, params: Record<string, string | number>): Promise<number> => {
    const before = exchange.usedWeight();
    const res = await get(exchange, path, params);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return exchange.usedWeight() - before;
  };

  beforeAll(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
    exchange.clock.freeze();
  });
  afterAll(() => exchange.close());

  it('serves depth with exactly `limit` levels per side, sorted, uncrossed, weighted by limit', async () => {
    for (const [limit, weight] of [[5, 5], [100, 5], [500, 25], [1000, 50], [5000, 250]] as const) {
      const { body } = await get(exchange, '/api/v3/depth', { symbol: 'BTCUSDT', limit });
      expect(body.bids).toHaveLength(limit);
      expect(body.asks).toHaveLength(limit);
      expect(Number.isInteger(body.lastUpdateId)).toBe(true);
      expect(await weightOf('/api/v3/depth', { symbol: 'BTCUSDT', limit })).toBe(weight);
    }
    const { body } = await get(exchange, '/api/v3/depth', { symbol: 'ETHUSDT', limit: 9999 });
    expect(body.bids).toHaveLength(5000); // over 5000 answers 5000
    const bids = (body.bids as string[][]).map((l) => Number(l[0]));
    const asks = (body.asks as string[][]).map((l) => Number(l[0]));
    expect(bids.every((p, i) => i === 0 || p < (bids[i - 1] as number))).toBe(true);
    expect(asks.every((p, i) => i === 0 || p > (asks[i - 1] as number))).toBe(true);
    expect(bids[0]).toBeLessThan(asks[0] as number);
    expect((body.bids as string[][]).every(([p, q]) => DECIMAL.test(p ?? '') && DECIMAL.test(q ?? '') && Number(q) > 0)).toBe(true);
    expect((await get(exchange, '/api/v3/depth', { symbol: 'BTCUSDT' })).body.bids).toHaveLength(100);
    expect((await get(exchange, '/api/v3/depth', { symbol: 'NOPE' })).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect((await get(exchange, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 'x' })).body.code).toBe(-1100);
  });

  it('lists recent trades with consecutive ids, and historicalTrades from an id', async () => {
    const { body: recent } = await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'BTCUSDT', limit: 50 });
    expect(recent).toHaveLength(50);
    expect(Object.keys(recent[0] ?? {}).sort()).toEqual(['id', 'isBestMatch', 'isBuyerMaker', 'price', 'qty', 'quoteQty', 'time']);
    recent.forEach((t, i) => {
      if (i > 0) expect(t.id).toBe((recent[i - 1] as Json).id + 1);
      expect(t.quoteQty).toBe((Number(t.price) * Number(t.qty)).toFixed(8));
      expect(typeof t.isBuyerMaker).toBe('boolean');
    });
    const from = (recent[10] as Json).id as number;
    const { body: older } = await get<Json[]>(exchange, '/api/v3/historicalTrades', { symbol: 'BTCUSDT', fromId: from, limit: 5 });
    expect(older).toEqual(recent.slice(10, 15));
    expect(await weightOf('/api/v3/trades', { symbol: 'BTCUSDT' })).toBe(25);
    expect(await weightOf('/api/v3/historicalTrades', { symbol: 'BTCUSDT' })).toBe(25);
    expect((await get(exchange, '/api/v3/trades', { symbol: 'BTCUSDT', limit: 1001 })).body.code).toBe(-1100);
  });

  it('aggregates trades by taker order and price, by fromId and by time', async () => {
    const { body: aggs } = await get<Json[]>(exchange, '/api/v3/aggTrades', { symbol: 'BTCUSDT', limit: 40 });
    expect(aggs).toHaveLength(40);
    expect(Object.keys(aggs[0] ?? {}).sort()).toEqual(['M', 'T', 'a', 'f', 'l', 'm', 'p', 'q']);
    aggs.forEach((a, i) => {
      expect(a.l).toBeGreaterThanOrEqual(a.f as number);
      if (i > 0) {
        expect(a.a).toBe((aggs[i - 1] as Json).a + 1);
        expect(a.f).toBe((aggs[i - 1] as Json).l + 1); // every trade belongs to exactly one aggregate
      }
    });
    // An aggregate's quantity is its trades' quantities summed.
    const first = aggs[0] as Json;
    const { body: raw } = await get<Json[]>(exchange, '/api/v3/historicalTrades', { symbol: 'BTCUSDT', fromId: first.f, limit: first.l - first.f + 1 });
    expect(raw.reduce((sum, t) => sum + Number(t.qty), 0)).toBeCloseTo(Number(first.q), 8);
    expect(raw.every((t) => t.price === first.p && t.time === first.T)).toBe(true);
    const { body: fromId } = await get<Json[]>(exchange, '/api/v3/aggTrades', { symbol: 'BTCUSDT', fromId: (aggs[5] as Json).a, limit: 3 });
    expect(fromId).toEqual(aggs.slice(5, 8));
    const t0 = (aggs[20] as Json).T as number;
    const { body: byTime } = await get<Json[]>(exchange, '/api/v3/aggTrades', { symbol: 'BTCUSDT', startTime: t0, endTime: t0 + 200 });
    expect(byTime.length).toBeGreaterThan(0);
    expect(byTime.every((a) => a.T >= t0 && a.T <= t0 + 200)).toBe(true);
    expect(await weightOf('/api/v3/aggTrades', { symbol: 'BTCUSDT' })).toBe(4);
  });

  it('answers ticker/24hr for one symbol, a list and all, FULL and MINI, with its weights', async () => {
    const { body: one } = await get(exchange, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT' });
    for (const k of ['priceChange', 'weightedAvgPrice', 'prevClosePrice', 'lastPrice', 'lastQty', 'bidPrice', 'bidQty', 'askPrice', 'askQty', 'openPrice', 'highPrice', 'lowPrice', 'volume', 'quoteVolume']) {
      expect(one[k], k).toMatch(/^-?\d+\.\d{8}$/);
    }
    expect(one.priceChangePercent).toMatch(/^-?\d+\.\d{3}$/);
    for (const k of ['openTime', 'closeTime', 'firstId', 'lastId', 'count']) expect(Number.isInteger(one[k]), k).toBe(true);
    expect(one.closeTime - one.openTime).toBe(86_400_000);
    expect(one.count).toBe(one.lastId - one.firstId + 1);
    expect(Number(one.lastPrice)).toBeGreaterThanOrEqual(Number(one.lowPrice));
    expect(Number(one.lastPrice)).toBeLessThanOrEqual(Number(one.highPrice));
    const { body: two } = await get<Json[]>(exchange, '/api/v3/ticker/24hr', { symbols: '["BTCUSDT","ETHUSDT"]' });
    expect(two.map((t): unknown => t.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(two[0]).toEqual(one);
    expect((await get<Json[]>(exchange, '/api/v3/ticker/24hr')).body).toHaveLength(4);
    const { body: mini } = await get(exchange, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT', type: 'MINI' });
    expect(Object.keys(mini).sort()).toEqual(['closeTime', 'count', 'firstId', 'highPrice', 'lastId', 'lastPrice', 'lowPrice', 'openPrice', 'openTime', 'quoteVolume', 'symbol', 'volume']);
    expect(await weightOf('/api/v3/ticker/24hr', { symbol: 'BTCUSDT' })).toBe(2);
    expect(await weightOf('/api/v3/ticker/24hr', { symbols: '["BTCUSDT","ETHUSDT"]' })).toBe(2);
    expect(await weightOf('/api/v3/ticker/24hr', {})).toBe(80);
    expect((await get(exchange, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT', symbols: '["BTCUSDT"]' })).body.code).toBe(-1128);
    expect((await get(exchange, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT', type: 'TINY' })).body.code).toBe(-1139);
    expect((await get(exchange, '/api/v3/ticker/24hr', { symbol: 'LUNAUSDT', symbolStatus: 'TRADING' })).body.code).toBe(-1220);
  });

  it('answers bookTicker, ticker/price and avgPrice', async () => {
    const { body: book } = await get(exchange, '/api/v3/ticker/bookTicker', { symbol: 'ETHUSDT' });
    expect(Object.keys(book).sort()).toEqual(['askPrice', 'askQty', 'bidPrice', 'bidQty', 'symbol']);
    expect(Number(book.bidPrice)).toBeLessThan(Number(book.askPrice));
    expect((await get<Json[]>(exchange, '/api/v3/ticker/bookTicker')).body).toHaveLength(4);
    const { body: price } = await get(exchange, '/api/v3/ticker/price', { symbol: 'ETHUSDT' });
    const { body: last } = await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'ETHUSDT', limit: 1 });
    expect(price).toEqual({ symbol: 'ETHUSDT', price: last[0]?.price });
    const { body: avg } = await get(exchange, '/api/v3/avgPrice', { symbol: 'ETHUSDT' });
    expect(avg.mins).toBe(5);
    expect(avg.price).toMatch(DECIMAL);
    expect(Math.abs(Number(avg.price) / Number(price.price) - 1)).toBeLessThan(0.01);
    expect(avg.closeTime).toBe(last[0]?.time);
    expect(await weightOf('/api/v3/ticker/bookTicker', {})).toBe(4);
  });

  it('keeps a symbol that is not trading silent: no trades, no book, generated klines only', async () => {
    expect((await get(exchange, '/api/v3/trades', { symbol: 'LUNAUSDT' })).body).toEqual([]);
    const { body } = await get(exchange, '/api/v3/depth', { symbol: 'LUNAUSDT', limit: 5 });
    expect([body.bids, body.asks]).toEqual([[], []]);
    expect((await get<unknown[]>(exchange, '/api/v3/klines', { symbol: 'LUNAUSDT', interval: '1m', limit: 3 })).body).toHaveLength(3);
  });
});
