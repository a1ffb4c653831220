/**
 * The live market streams: a local book kept by Binance's procedure (snapshot + @depth@100ms
 * diffs) equals the exchange's own book at every update id (GET /__admin/book), an injected gap
 * (POST /__admin/depth-gap) shows as U ≠ previous u + 1 exactly once; @trade and @aggTrade carry
 * every trade of the tape once, in order; the ticker streams have Binance's fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { SimSocket } from '../../src/simulator/sim-client.js';
import { get, sleep, type Json } from './sim-test-helpers.js';

/** A local order book: price → quantity strings per side. */
type Side = Map<string, string>;
const apply = (side: Side, levels: string[][]): void => {
  for (const [price, qty] of levels) {
    if (Number(qty) === 0) side.delete(price as string);
    else side.set(price as string, qty as string);
  }
};
const top = (side: Side, n: number, bids: boolean): string[][] =>
  [...side].sort((a, b) => (bids ? Number(b[0]) - Number(a[0]) : Number(a[0]) - Number(b[0]))).slice(0, n);

describe('live market streams', () => {
  let exchange: FakeExchange;
  const admin = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const res = await fetch(`${exchange.url}/__admin${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Json };
  };

  beforeAll(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  });
  afterAll(() => exchange.close());

  it('keeps a local book equal to the exchange book at every update, and shows an injected gap once', async () => {
    const socket = await SimSocket.open(`${exchange.wsUrl}/ws/btcusdt@depth@100ms`);
    try {
      const first = await socket.next<Json>((m) => m.e === 'depthUpdate');
      expect(Object.keys(first).sort()).toEqual(['E', 'U', 'a', 'b', 'e', 's', 'u']);
      const snapshot = (await get(exchange, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 5000 })).body;
      expect(snapshot.lastUpdateId).toBeGreaterThanOrEqual(first.U - 1);
      const bids: Side = new Map(snapshot.bids as Array<[string, string]>);
      const asks: Side = new Map(snapshot.asks as Array<[string, string]>);
      let local = snapshot.lastUpdateId as number;
      let checked = 0;
      let total = 0;
      let gaps = 0;
      const deadline = Date.now() + 3000;
      let injected = false;
      while (Date.now() < deadline) {
        const event = await socket.next<Json>((m) => m.e === 'depthUpdate');
        if (event.u <= local) continue;
        // Binance's rule: U ≤ local + 1 ≤ u (the first event after the snapshot may start before it).
        if (event.U > local + 1) {
          // The gap: resync as Binance's procedure says, from a fresh 5000-level snapshot (later events are still queued).
          gaps += 1;
          const fresh = (await get(exchange, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 5000 })).body;
          bids.clear();
          asks.clear();
          apply(bids, fresh.bids as string[][]);
          apply(asks, fresh.asks as string[][]);
          local = fresh.lastUpdateId as number;
          checked = 0;
          continue;
        }
        if (checked > 0) expect(event.U).toBe(local + 1); // after the first, events follow each other exactly
        apply(bids, event.b as string[][]);
        apply(asks, event.a as string[][]);
        local = event.u;
        const own = (await admin('GET', `/book?symbol=BTCUSDT&depth=20&updateId=${local}`)).body;
        expect({ lastUpdateId: own.lastUpdateId, bids: top(bids, 20, true), asks: top(asks, 20, false) }).toEqual(own);
        checked += 1;
        total += 1;
        if (!injected && checked >= 5) {
          injected = true;
          expect((await admin('POST', '/depth-gap', { symbol: 'BTCUSDT', count: 1 })).body).toEqual({ symbol: 'BTCUSDT', count: 1 });
        }
      }
      expect(total).toBeGreaterThan(10);
      expect(checked).toBeGreaterThan(3); // and it kept matching after the resync
      expect(gaps).toBe(1);
    } finally {
      socket.close();
    }
    expect((await admin('GET', '/book?symbol=BTCUSDT&depth=1')).status).toBe(200);
    expect((await admin('GET', '/book?symbol=BTCUSDT&updateId=1')).status).toBe(404);
    expect((await admin('GET', '/book?symbol=NOPE')).body.code).toBe(-1121);
    expect((await admin('POST', '/depth-gap', { symbol: 'BTCUSDT', count: 0 })).status).toBe(400);
  });

  it('sends every trade once, in order, on @trade and @aggTrade, as REST lists them', async () => {
    const socket = await SimSocket.open(`${exchange.wsUrl}/stream?streams=ethusdt@trade/ethusdt@aggTrade`);
    try {
      await sleep(1500);
      const trades = (socket.messages as Json[]).filter((m) => m.stream === 'ethusdt@trade').map((m) => m.data as Json);
      const aggs = (socket.messages as Json[]).filter((m) => m.stream === 'ethusdt@aggTrade').map((m) => m.data as Json);
      expect(trades.length).toBeGreaterThan(5);
      expect(Object.keys(trades[0] ?? {}).sort()).toEqual(['E', 'M', 'T', 'e', 'm', 'p', 'q', 's', 't']);
      trades.forEach((t, i) => i > 0 && expect(t.t).toBe((trades[i - 1] as Json).t + 1));
      const rest = (await get<Json[]>(exchange, '/api/v3/historicalTrades', { symbol: 'ETHUSDT', fromId: trades[0]?.t, limit: trades.length })).body;
      expect(rest.map((t): unknown[] => [t.id, t.price, t.qty, t.time, t.isBuyerMaker])).toEqual(trades.map((t): unknown[] => [t.t, t.p, t.q, t.T, t.m]));
      const covered = aggs.filter((a) => a.f >= (trades[0] as Json).t && a.l <= (trades.at(-1) as Json).t);
      expect(covered.length).toBeGreaterThan(2);
      covered.forEach((a, i) => i > 0 && expect([a.a, a.f]).toEqual([(covered[i - 1] as Json).a + 1, (covered[i - 1] as Json).l + 1]));
    } finally {
      socket.close();
    }
  });

  it('pushes @ticker, @miniTicker and @bookTicker with Binance fields', async () => {
    const socket = await SimSocket.open(`${exchange.wsUrl}/stream?streams=bnbbtc@ticker/bnbbtc@miniTicker/bnbbtc@bookTicker/bnbbtc@depth10@100ms`);
    try {
      const ticker = (await socket.next<Json>((m) => m.stream === 'bnbbtc@ticker')).data as Json;
      expect(Object.keys(ticker).sort()).toEqual(['A', 'B', 'C', 'E', 'F', 'L', 'O', 'P', 'Q', 'a', 'b', 'c', 'e', 'h', 'l', 'n', 'o', 'p', 'q', 's', 'v', 'w', 'x'].sort());
      expect(ticker).toMatchObject({ e: '24hrTicker', s: 'BNBBTC' });
      expect(ticker.n).toBe(ticker.L - ticker.F + 1);
      const mini = (await socket.next<Json>((m) => m.stream === 'bnbbtc@miniTicker')).data as Json;
      expect(Object.keys(mini).sort()).toEqual(['E', 'c', 'e', 'h', 'l', 'o', 'q', 's', 'v']);
      const book = (await socket.next<Json>((m) => m.stream === 'bnbbtc@bookTicker')).data as Json;
      expect(Object.keys(book).sort()).toEqual(['A', 'B', 'a', 'b', 's', 'u']);
      const partial = (await socket.next<Json>((m) => m.stream === 'bnbbtc@depth10@100ms')).data as Json;
      expect(Object.keys(partial).sort()).toEqual(['asks', 'bids', 'lastUpdateId']);
      expect(partial.bids).toHaveLength(10);
    } finally {
      socket.close();
    }
  });
});
