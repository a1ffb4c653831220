/**
 * The market-data calls against the simulator over real HTTP: answers parsed digit for digit, and
 * each call charged to the weight ledger as the exchange charges it (depth by its limit, ticker/24hr
 * by how many symbols it names), the ledger agreeing with the exchange's own count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinanceClient } from '../../src/exchange/binance-client.js';
import { endpoints, weightOf } from '../../src/exchange/endpoints.js';
import { MarketDataClient } from '../../src/exchange/market-data-client.js';
import { createLogger } from '../../src/observability/logger.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { createMemoryStore } from '../../src/store/memory-store.js';

let fake: FakeExchange;
let client: BinanceClient;
let market: MarketDataClient;

beforeAll(async () => {
  fake = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  client = new BinanceClient({
    baseUrl: fake.url,
    recvWindowMs: 5000,
    requestTimeoutMs: 2000,
    totalTimeoutMs: 4000,
    maxConcurrentRequests: 4,
    weightHeadroom: 0.9,
    store: createMemoryStore(),
    logger: createLogger('silent'),
  });
  market = new MarketDataClient(client);
  await client.exchangeInfo();
});

afterAll(async () => {
  client?.close();
  await fake?.close();
});

/** The weight one call cost, on the exchange's count and on the ledger's. */
async function weighed(call: () => Promise<unknown>): Promise<{ exchange: number; ledger: number }> {
  const exchangeBefore = fake.usedWeight();
  const ledgerBefore = (await client.weights.status(client.clock.now())).used;
  await call();
  return { exchange: fake.usedWeight() - exchangeBefore, ledger: (await client.weights.status(client.clock.now())).used - ledgerBefore };
}

describe('MarketDataClient', () => {
  it.each([
    [1, 5],
    [100, 5],
    [101, 25],
    [500, 25],
    [1000, 50],
    [5000, 250],
  ])('depth(limit %i) weighs %i', async (limit, weight) => {
    // What the client reserves before sending (the ledger is then raised to what the exchange reports).
    expect(weightOf(endpoints.depth, { symbol: 'BTCUSDT', limit })).toBe(weight);
    expect(await weighed(() => market.depth('BTCUSDT', limit))).toEqual({ exchange: weight, ledger: weight });
  });

  it('reserves ticker/24hr by the number of symbols named', () => {
    const list = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `S${i}USDT`));
    expect([1, 20, 21, 100, 101].map((n) => weightOf(endpoints.ticker24hr, { symbols: list(n) }))).toEqual([2, 2, 40, 40, 80]);
    expect(weightOf(endpoints.ticker24hr, { symbol: 'BTCUSDT' })).toBe(2);
    expect(weightOf(endpoints.ticker24hr, {})).toBe(80);
  });

  it('ticker/24hr weighs 2 for one symbol and for a short list; trades and historicalTrades 25; the book ticker 2', async () => {
    expect(await weighed(() => market.tickers24hr(['BTCUSDT']))).toEqual({ exchange: 2, ledger: 2 });
    expect(await weighed(() => market.tickers24hr(['BTCUSDT', 'ETHUSDT', 'BNBBTC']))).toEqual({ exchange: 2, ledger: 2 });
    expect(await weighed(() => market.recentTrades('BTCUSDT', 10))).toEqual({ exchange: 25, ledger: 25 });
    expect(await weighed(() => market.historicalTrades('BTCUSDT', 1, 10))).toEqual({ exchange: 25, ledger: 25 });
    expect(await weighed(() => market.bookTicker('BTCUSDT'))).toEqual({ exchange: 2, ledger: 2 });
  });

  it('returns the exchange\'s book and trades as it sent them', async () => {
    fake.clock.freeze();
    try {
      const book = await market.depth('ETHUSDT', 5);
      expect(book).toEqual(fake.market.book('ETHUSDT', 5));
      const trades = await market.recentTrades('ETHUSDT', 3);
      const again = await market.historicalTrades('ETHUSDT', trades[0]?.id ?? 0, 3);
      expect(again).toEqual(trades);
      expect(typeof trades[0]?.price).toBe('string');
    } finally {
      fake.clock.unfreeze();
    }
  });
});
