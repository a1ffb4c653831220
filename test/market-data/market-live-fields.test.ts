/**
 * Market.ticker, Market.orderBook and Market.trades through the whole gateway over HTTP, against the
 * simulator: the exchange's values; one ticker/24hr call (and its weight) for a whole markets() list;
 * one depth call for several depths of a book, at the weight bracket of the deepest; identical
 * concurrent asks sharing one request; a short reuse; answers from a live book, ticker or trade tape
 * this instance holds (no REST call); the contract's bounds.
 */
import { describe, expect, it } from 'vitest';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { exchangeBookAt, type LiveBook } from '../streaming/book-clients.js';
import { collect, waitUntil } from '../streaming/live-clients.js';
import { marketGatewayForFile } from '../streaming/market-gateway.js';
import { exchangeTrades, tickerFields, tradeFields, type LiveTrade } from '../streaming/trade-clients.js';

const t = marketGatewayForFile();

const bookFields = 'symbol lastUpdateId bids { price quantity } asks { price quantity }';
const run = <T>(query: string) => t.gw.execute<T>(query, { apiKey: testKeys.read });
const calls = (path: string) => t.fake.requests.filter((r) => r.path === path);

interface RestTicker {
  symbol: string;
  lastPrice: string;
  bidPrice: string;
  askPrice: string;
  openPrice: string;
  volume: string;
  count: number;
  openTime: number;
}

describe('Market.ticker', () => {
  it('answers a markets() list with one ticker/24hr call for every symbol, with the exchange figures', async () => {
    expectData(await run('{ markets(symbols: ["BTCUSDT", "ETHUSDT", "BNBBTC"]) { symbol } }'));
    t.fake.clock.freeze();
    try {
      const before = calls('/api/v3/ticker/24hr').length;
      const weight = t.fake.usedWeight();
      const result = await run<{ markets: { symbol: string; ticker: Record<string, unknown> }[] }>(
        `{ markets(symbols: ["BTCUSDT", "ETHUSDT", "BNBBTC"]) { symbol ticker { ${tickerFields} } } }`,
      );
      const { markets } = expectData(result);
      const made = calls('/api/v3/ticker/24hr').slice(before);
      expect(made).toHaveLength(1);
      expect(JSON.parse(made[0]?.query.symbols ?? '[]')).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBBTC']);
      expect(t.fake.usedWeight() - weight).toBe(2);
      const rest = (await (await fetch(`${t.fake.url}/api/v3/ticker/24hr?symbols=["BTCUSDT","ETHUSDT","BNBBTC"]`)).json()) as RestTicker[];
      for (const [i, market] of markets.entries()) {
        const row = rest[i] as RestTicker;
        expect(market.ticker).toMatchObject({
          symbol: row.symbol, lastPrice: row.lastPrice, bidPrice: row.bidPrice, askPrice: row.askPrice, open: row.openPrice,
          volume: row.volume, trades: row.count, openTime: new Date(row.openTime).toISOString(),
        });
      }
    } finally {
      t.fake.clock.unfreeze();
    }
  });

  it('shares one request among identical concurrent asks, and reuses the answer for a moment', async () => {
    t.fake.setLatency('/api/v3/ticker/24hr', 100);
    try {
      const before = calls('/api/v3/ticker/24hr').length;
      // A symbol no test asked for yet.
      const results = await Promise.all(Array.from({ length: 20 }, () => run('{ market(symbol: "LUNAUSDT") { ticker { lastPrice } } }')));
      results.forEach((r) => expectData(r));
      expect(calls('/api/v3/ticker/24hr').length - before).toBe(1);
      expectData(await run('{ market(symbol: "LUNAUSDT") { ticker { lastPrice } } }'));
      expect(calls('/api/v3/ticker/24hr').length - before).toBe(1);
    } finally {
      t.fake.setLatency('/api/v3/ticker/24hr', 0);
    }
  });
  it('answers from the live ticker this instance holds, without a REST call', async () => {
    const subscription = collect(t.gw.gateway.services.marketSubscriptions.ticker('BNBBTC'));
    await subscription.waitFor((tickers) => tickers.length >= 2, 10_000);
    const before = calls('/api/v3/ticker/24hr').length;
    const { market } = expectData(await run<{ market: { ticker: { closeTime: string } } }>('{ market(symbol: "BNBBTC") { ticker { closeTime } } }'));
    expect(calls('/api/v3/ticker/24hr').length).toBe(before);
    const newest = subscription.items.at(-1) as { closeTime: number };
    await subscription.stop();
    expect(Date.parse(market.ticker.closeTime)).toBeGreaterThanOrEqual(newest.closeTime);
  });
});

describe('Market.orderBook', () => {
  it('fetches several depths of one book in one call at the deepest one\'s weight, each the exchange book at its update id', async () => {
    const before = calls('/api/v3/depth').length;
    const weight = t.fake.usedWeight();
    const { market } = expectData(
      await run<{ market: { a: LiveBook; b: LiveBook; c: LiveBook } }>(
        `{ market(symbol: "BNBBTC") { a: orderBook { ${bookFields} } b: orderBook(depth: 5) { ${bookFields} } c: orderBook(depth: 300) { ${bookFields} } } }`,
      ),
    );
    const made = calls('/api/v3/depth').slice(before);
    expect(made.map((r) => r.query.limit)).toEqual(['500']);
    expect(t.fake.usedWeight() - weight).toBe(25);
    expect([market.a.bids.length, market.b.bids.length, market.c.bids.length]).toEqual([20, 5, 300]);
    expect(market.b).toEqual({ ...market.c, bids: market.c.bids.slice(0, 5), asks: market.c.asks.slice(0, 5) });
    expect(market.a).toEqual(await exchangeBookAt(t.fake, 'BNBBTC', market.a.lastUpdateId, 20));
  });

  it('answers from the live book this instance holds, without a REST call', async () => {
    const subscription = collect(t.gw.gateway.services.marketSubscriptions.orderBook('ETHUSDT', 20));
    await subscription.waitFor((books) => books.length >= 2, 10_000);
    const before = calls('/api/v3/depth').length;
    const { market } = expectData(await run<{ market: { orderBook: LiveBook } }>(`{ market(symbol: "ETHUSDT") { orderBook(depth: 1000) { ${bookFields} } } }`));
    expect(calls('/api/v3/depth').length).toBe(before);
    await subscription.stop();
    const book = market.orderBook;
    expect(book.bids).toHaveLength(1000);
    expect({ ...book, bids: book.bids.slice(0, 50), asks: book.asks.slice(0, 50) }).toEqual(await exchangeBookAt(t.fake, 'ETHUSDT', book.lastUpdateId, 50));
  });

  it.each([0, 5001])('refuses depth %s with BAD_USER_INPUT', async (depth) => {
    const result = await run(`{ market(symbol: "BTCUSDT") { orderBook(depth: ${depth}) { lastUpdateId } } }`);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });
});

describe('Market.trades', () => {
  it('gives the most recent trades, newest last, the exchange\'s own, and refuses a limit out of 1..1000', async () => {
    t.fake.clock.freeze();
    try {
      const { market } = expectData(await run<{ market: { trades: LiveTrade[] } }>(`{ market(symbol: "BTCUSDT") { trades(limit: 30) { ${tradeFields} } } }`));
      expect(market.trades).toHaveLength(30);
      const last = market.trades.at(-1) as LiveTrade;
      const newest = (await (await fetch(`${t.fake.url}/api/v3/trades?symbol=BTCUSDT&limit=1`)).json()) as { id: number }[];
      expect(last.id).toBe(String(newest[0]?.id));
      const rest = await exchangeTrades(t.fake, 'BTCUSDT', (market.trades[0] as LiveTrade).id, 30);
      expect(market.trades.map((t) => ({ ...t, time: Date.parse(t.time) }))).toEqual(rest);
    } finally {
      t.fake.clock.unfreeze();
    }
    for (const limit of [0, 1001]) expect(errorCode(await run(`{ market(symbol: "BTCUSDT") { trades(limit: ${limit}) { id } } }`))).toBe('BAD_USER_INPUT');
  });

  it('answers from a live trade tape this instance holds, without a REST call', async () => {
    const seen: string[] = [];
    const stop = t.gw.gateway.services.marketFeeds.followTrades('BTCUSDT', (trade) => seen.push(trade.id));
    await waitUntil(() => seen.length >= 60, 'sixty live trades', 15_000);
    const before = calls('/api/v3/trades').length;
    const { market } = expectData(await run<{ market: { trades: LiveTrade[] } }>(`{ market(symbol: "BTCUSDT") { trades(limit: 50) { ${tradeFields} } } }`));
    expect(calls('/api/v3/trades').length).toBe(before);
    stop();
    expect(seen).toEqual(expect.arrayContaining(market.trades.map((t) => t.id)));
    const rest = await exchangeTrades(t.fake, 'BTCUSDT', (market.trades[0] as LiveTrade).id, 50);
    expect(market.trades.map((t) => ({ ...t, time: Date.parse(t.time) }))).toEqual(rest);
  });
});
