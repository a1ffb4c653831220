/**
 * The consistency rules of the live market, checked where a client can see both sides: a bar of
 * the tape is exactly the aggregate of its trades (1s, 1m, 5m), the 24 h ticker and avgPrice are
 * the aggregate of the klines of their window, and the best bid/ask agree across depth,
 * bookTicker, ticker/24hr and the streams.
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange, type KlineRow } from '../../src/simulator/fake-exchange.js';
import { SimSocket } from '../../src/simulator/sim-client.js';
import { get, type Json } from './sim-test-helpers.js';

const MINUTE = 60_000;
const FIVE = 5 * MINUTE;

/** OHLCV of a list of trades, computed here with decimals, in the kline row's layout. */
function aggregate(trades: Json[]): Array<string | number> {
  const prices = trades.map((t) => new Decimal(t.price as string));
  const sum = (f: (t: Json) => Decimal): string => trades.reduce<Decimal>((s, t) => s.plus(f(t)), new Decimal(0)).toFixed(8, Decimal.ROUND_DOWN);
  const taker = trades.filter((t) => !t.isBuyerMaker);
  return [
    (prices[0] as Decimal).toFixed(8), Decimal.max(...prices).toFixed(8), Decimal.min(...prices).toFixed(8), (prices.at(-1) as Decimal).toFixed(8),
    sum((t) => new Decimal(t.qty as string)), sum((t) => new Decimal(t.price as string).times(t.qty as string)), trades.length,
    taker.reduce<Decimal>((s, t) => s.plus(t.qty as string), new Decimal(0)).toFixed(8),
    taker.reduce<Decimal>((s, t) => s.plus(new Decimal(t.price as string).times(t.qty as string)), new Decimal(0)).toFixed(8, Decimal.ROUND_DOWN),
  ];
}

/** [o, h, l, c, v, q, n, V, Q] of a kline row. */
const ohlcv = (row: KlineRow): Array<string | number> => [row[1], row[2], row[3], row[4], row[5], row[7], row[8], row[9], row[10]];

describe('a live market agrees with itself', () => {
  let exchange: FakeExchange;
  // The tape starts on a 5-minute boundary in the future; the clock is walked there and 11 minutes on.
  const tapeStart = Math.ceil(Date.now() / FIVE) * FIVE + 2 * FIVE;
  const now = tapeStart + 11 * MINUTE;

  /** Every trade with id in [first, last], paging historicalTrades like a client would. */
  const tradesBetween = async (symbol: string, first: number, last: number): Promise<Json[]> => {
    const out: Json[] = [];
    for (let from = first; from <= last; ) {
      const { body } = await get<Json[]>(exchange, '/api/v3/historicalTrades', { symbol, fromId: from, limit: 1000 });
      const page = body.filter((t) => (t.id as number) <= last);
      out.push(...page);
      if (page.length < body.length || body.length === 0) break;
      from = (body.at(-1) as Json).id + 1;
    }
    return out;
  };
  /** A bar's trades as a client finds them: the ids from aggTrades at its two ends, then historicalTrades. */
  const tradesOfBar = async (symbol: string, bar: KlineRow): Promise<Json[]> => {
    const [first] = (await get<Json[]>(exchange, '/api/v3/aggTrades', { symbol, startTime: bar[0], limit: 1 })).body;
    const [last] = (await get<Json[]>(exchange, '/api/v3/aggTrades', { symbol, endTime: bar[6], limit: 1 })).body;
    return tradesBetween(symbol, first?.f as number, last?.l as number);
  };
  const klines = async (params: Record<string, string | number>): Promise<KlineRow[]> => (await get<KlineRow[]>(exchange, '/api/v3/klines', params)).body;

  beforeAll(async () => {
    exchange = await startFakeExchange({ tapeStartTime: tapeStart, weightLimitPerMinute: 1_000_000 });
    exchange.clock.freeze(tapeStart);
    // Walk the clock a minute at a time, so the tape is played trade by trade rather than skipped.
    for (let t = tapeStart; t < now; t += MINUTE) {
      exchange.clock.advance(MINUTE);
      await get(exchange, '/api/v3/ticker/price');
    }
  });
  afterAll(() => exchange.close());

  it('makes every 1m bar of the tape the exact aggregate of its trades', async () => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const bars = await klines({ symbol, interval: '1m', startTime: tapeStart, limit: 3 });
      for (const bar of bars) {
        const rows = await tradesOfBar(symbol, bar);
        expect(rows.length).toBeGreaterThan(100);
        expect(rows.every((t) => (t.time as number) >= bar[0] && (t.time as number) <= bar[6])).toBe(true);
        expect(aggregate(rows), `${symbol} ${bar[0]}`).toEqual(ohlcv(bar));
      }
    }
  });

  it('makes 1s and 5m bars of the tape aggregates too (5m = its trades = its five 1m bars)', async () => {
    const second = tapeStart + 3 * MINUTE + 17_000;
    const [oneSecond] = await klines({ symbol: 'ETHUSDT', interval: '1s', startTime: second, limit: 1 });
    const secondTrades = (await get<Json[]>(exchange, '/api/v3/aggTrades', { symbol: 'ETHUSDT', startTime: second, endTime: second + 999, limit: 1000 })).body;
    const ids = secondTrades.flatMap((a) => [a.f as number, a.l as number]);
    expect(aggregate(await tradesBetween('ETHUSDT', Math.min(...ids), Math.max(...ids)))).toEqual(ohlcv(oneSecond as KlineRow));

    const [five] = await klines({ symbol: 'ETHUSDT', interval: '5m', startTime: tapeStart + FIVE, limit: 1 });
    const ones = await klines({ symbol: 'ETHUSDT', interval: '1m', startTime: tapeStart + FIVE, limit: 5 });
    const bar = five as KlineRow;
    expect(aggregate(await tradesOfBar('ETHUSDT', bar))).toEqual(ohlcv(bar));
    expect([bar[1], bar[4]]).toEqual([ones[0]?.[1], ones[4]?.[4]]);
    expect(bar[2]).toBe(ones.map((r) => r[2]).sort((a, b) => Number(b) - Number(a))[0]);
    expect(bar[8]).toBe(ones.reduce((s, r) => s + r[8], 0));
  });

  it('makes the 24 h ticker the aggregate of the klines of its window, ending at the last trade', async () => {
    const { body: ticker } = await get(exchange, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT' });
    expect([ticker.openTime, ticker.closeTime]).toEqual([now - 86_400_000, now]);
    // The window [now - 24 h, now] is 1440 whole minutes plus the trades at `now` itself.
    const rows = [
      ...(await klines({ symbol: 'BTCUSDT', interval: '1m', startTime: now - 86_400_000, limit: 1000 })),
      ...(await klines({ symbol: 'BTCUSDT', interval: '1m', startTime: now - 86_400_000 + 1000 * MINUTE, limit: 441 })),
    ];
    expect(rows).toHaveLength(1441);
    const sum = (i: number): string => rows.reduce((s, r) => s.plus(r[i] as string), new Decimal(0)).toFixed(8);
    expect(ticker.volume).toBe(sum(5));
    expect(Number(ticker.quoteVolume)).toBeCloseTo(Number(sum(7)), 5); // each row is cut to 8 decimals
    expect(ticker.count).toBe(rows.reduce((s, r) => s + r[8], 0));
    expect(ticker.openPrice).toBe(rows[0]?.[1]);
    expect(ticker.highPrice).toBe(rows.map((r) => r[2]).reduce((a, b) => (Number(b) > Number(a) ? b : a)));
    expect(ticker.lowPrice).toBe(rows.map((r) => r[3]).reduce((a, b) => (Number(b) < Number(a) ? b : a)));
    expect(ticker.count).toBe(ticker.lastId - ticker.firstId + 1);
    const { body: last } = await get<Json[]>(exchange, '/api/v3/trades', { symbol: 'BTCUSDT', limit: 1 });
    expect([ticker.lastPrice, ticker.lastQty, ticker.lastId]).toEqual([last[0]?.price, last[0]?.qty, last[0]?.id]);
    expect((await get(exchange, '/api/v3/ticker/price', { symbol: 'BTCUSDT' })).body.price).toBe(ticker.lastPrice);

    const fiveMinutes = await klines({ symbol: 'BTCUSDT', interval: '1m', startTime: now - FIVE, limit: 6 });
    const volume = fiveMinutes.reduce((s, r) => s.plus(r[5]), new Decimal(0));
    const quote = fiveMinutes.reduce((s, r) => s.plus(r[7]), new Decimal(0));
    const { body: avg } = await get(exchange, '/api/v3/avgPrice', { symbol: 'BTCUSDT' });
    expect(Number(avg.price)).toBeCloseTo(quote.div(volume).toNumber(), 4);
  });

  it('shows one best bid and ask in depth, bookTicker, ticker/24hr and the streams', async () => {
    const { body: depth } = await get(exchange, '/api/v3/depth', { symbol: 'BTCUSDT', limit: 5 });
    const { body: book } = await get(exchange, '/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' });
    const { body: ticker } = await get(exchange, '/api/v3/ticker/24hr', { symbol: 'BTCUSDT' });
    const top = { bidPrice: depth.bids[0][0], bidQty: depth.bids[0][1], askPrice: depth.asks[0][0], askQty: depth.asks[0][1] };
    expect(book).toEqual({ symbol: 'BTCUSDT', ...top });
    expect({ bidPrice: ticker.bidPrice, bidQty: ticker.bidQty, askPrice: ticker.askPrice, askQty: ticker.askQty }).toEqual(top);
    expect(exchange.market.book('BTCUSDT', 5)).toEqual(depth);

    const socket = await SimSocket.open(`${exchange.wsUrl}/stream?streams=btcusdt@ticker/btcusdt@depth5/btcusdt@bookTicker`);
    try {
      const streamed = (await socket.next<Json>((m) => m.stream === 'btcusdt@ticker')).data as Json;
      expect([streamed.b, streamed.B, streamed.a, streamed.A]).toEqual([top.bidPrice, top.bidQty, top.askPrice, top.askQty]);
      expect([streamed.c, streamed.v, streamed.n]).toEqual([ticker.lastPrice, ticker.volume, ticker.count]);
      const partial = (await socket.next<Json>((m) => m.stream === 'btcusdt@depth5')).data as Json;
      expect(partial).toEqual({ lastUpdateId: depth.lastUpdateId, bids: depth.bids, asks: depth.asks });
      // Real time: an order joining the best bid changes its quantity at once.
      exchange.accounts.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: top.bidPrice as string, quantity: '0.5' });
      const changed = (await socket.next<Json>((m) => m.stream === 'btcusdt@bookTicker')).data as Json;
      const after = (await get(exchange, '/api/v3/ticker/bookTicker', { symbol: 'BTCUSDT' })).body;
      expect(changed).toEqual({ u: exchange.market.book('BTCUSDT', 1).lastUpdateId, s: 'BTCUSDT', b: after.bidPrice, B: after.bidQty, a: after.askPrice, A: after.askQty });
      expect(new Decimal(after.bidQty as string).minus(top.bidQty as string).toFixed(8)).toBe('0.50000000');
    } finally {
      socket.close();
    }
  });
});
