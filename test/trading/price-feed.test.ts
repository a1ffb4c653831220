/**
 * The trading price feed against the fake exchange's ticker: one request for many concurrent
 * readers, none while the price is fresh, a new one once it is older than maxAgeMs.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BinanceClient } from '../../src/exchange/binance-client.js';
import { createLogger } from '../../src/observability/logger.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { PriceFeed } from '../../src/trading/price-feed.js';

let fake: FakeExchange;
let client: BinanceClient;
const store = createMemoryStore();

beforeAll(async () => {
  fake = await startFakeExchange();
  client = new BinanceClient({
    baseUrl: fake.url, recvWindowMs: 5000, requestTimeoutMs: 2000, totalTimeoutMs: 4000, maxConcurrentRequests: 8,
    weightHeadroom: 0.9, store, logger: createLogger('silent'),
  });
});

afterAll(async () => {
  client.close();
  await store.close();
  await fake.close();
});

const tickerRequests = () => fake.requestCount('/api/v3/ticker/price');

it('shares one ticker request between concurrent readers and serves the price from cache while fresh', async () => {
  const feed = new PriceFeed({ fetchPrice: (symbol) => client.tickerPrice(symbol), maxAgeMs: 60_000 });
  fake.orders.setPrice('ETHUSDT', '3201.5');
  const before = tickerRequests();
  const prices = await Promise.all(Array.from({ length: 10 }, () => feed.price('ETHUSDT')));
  expect(prices.map((p) => p.toFixed())).toEqual(Array(10).fill('3201.5'));
  fake.orders.setPrice('ETHUSDT', '3300');
  expect((await feed.price('ETHUSDT')).toFixed()).toBe('3201.5');
  expect(tickerRequests() - before).toBe(1);
});

it('asks again once the price is older than maxAgeMs (0: every time)', async () => {
  const feed = new PriceFeed({ fetchPrice: (symbol) => client.tickerPrice(symbol), maxAgeMs: 0 });
  fake.orders.setPrice('BNBBTC', '0.0091');
  expect((await feed.price('BNBBTC')).toFixed()).toBe('0.0091');
  fake.orders.setPrice('BNBBTC', '0.0093');
  const before = tickerRequests();
  expect((await feed.price('BNBBTC')).toFixed()).toBe('0.0093');
  expect(tickerRequests() - before).toBe(1);
});
