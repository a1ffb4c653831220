/**
 * The Binance client against the fake exchange over real HTTP: exact payloads, safe retries only,
 * timeouts, back-off orders, the weight budget held before the limit, and the ledger shared
 * through Redis by several instances.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BinanceClient, type BinanceClientOptions } from '../../src/exchange/binance-client.js';
import { ExchangeRejectedError, ExchangeUnavailableError } from '../../src/exchange/errors.js';
import { ExchangeRateLimitedError } from '../../src/exchange/errors.js';
import { createLogger } from '../../src/observability/logger.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { Store } from '../../src/store/store.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';

const stores = new TestStores();
let fake: FakeExchange;
const clients: BinanceClient[] = [];

function client(store: Store, overrides: Partial<BinanceClientOptions> = {}): BinanceClient {
  const created = new BinanceClient({
    baseUrl: fake.url,
    apiKey: 'sim-api-key',
    apiSecret: 'sim-api-secret',
    recvWindowMs: 5000,
    requestTimeoutMs: 500,
    totalTimeoutMs: 3000,
    maxConcurrentRequests: 4,
    weightHeadroom: 0.9,
    retryBaseDelayMs: 10,
    store,
    logger: createLogger('silent'),
    ...overrides,
  });
  clients.push(created);
  return created;
}

beforeAll(async () => {
  fake = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
});
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  await fake.close();
  await stores.closeAll();
});

describe.each(storeKinds)('BinanceClient (%s store)', (kind) => {
  it('returns klines in the exchange layout, digit for digit', async () => {
    const c = client(await stores.create(kind));
    const start = Date.UTC(2024, 0, 1);
    const rows = await c.klines({ symbol: 'BTCUSDT', interval: '1m', startTime: start, limit: 3 });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual(fake.kline('BTCUSDT', '1m', start));
    expect(rows.map((r) => r[0])).toEqual([start, start + 60_000, start + 120_000]);
    expect(typeof rows[0]?.[1]).toBe('string');
  });

  it('retries a GET after 5xx, with back-off, and succeeds', async () => {
    const c = client(await stores.create(kind));
    fake.resetCounters();
    fake.inject('/api/v3/ticker/price', { status: 503, times: 2 });
    await expect(c.tickerPrice('BTCUSDT')).resolves.toMatch(/^\d+\.\d+$/);
    expect(fake.requestCount('/api/v3/ticker/price')).toBe(3);
  });

  it('gives up after the retries with UPSTREAM_UNAVAILABLE material (ExchangeUnavailableError)', async () => {
    const c = client(await stores.create(kind));
    fake.resetCounters();
    fake.inject('/api/v3/ticker/price', { status: 502, times: 3 }); // the first attempt and both retries
    await expect(c.tickerPrice('BTCUSDT')).rejects.toBeInstanceOf(ExchangeUnavailableError);
    expect(fake.requestCount('/api/v3/ticker/price')).toBe(3);
  });

  it('times out a slow answer and retries it', async () => {
    const c = client(await stores.create(kind));
    fake.resetCounters();
    fake.inject('/api/v3/ticker/price', { delayMs: 1500, times: 1 });
    await expect(c.tickerPrice('BTCUSDT')).resolves.toBeTruthy();
    expect(fake.requestCount('/api/v3/ticker/price')).toBe(2);
  });

  it('does not retry a 4xx and types the exchange error', async () => {
    const c = client(await stores.create(kind));
    fake.resetCounters();
    const failure = await c.klines({ symbol: 'NOPEUSDT', interval: '1m', limit: 1 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExchangeRejectedError);
    expect((failure as ExchangeRejectedError).exchangeCode).toBe(-1121);
    expect(fake.requestCount('/api/v3/klines')).toBe(1);
  });

  it('never retries a POST: a 5xx on an order is an unknown outcome', async () => {
    const c = client(await stores.create(kind));
    fake.resetCounters();
    fake.inject('/api/v3/order', { status: 503, times: 1 });
    const failure = await c
      .gatewayAccount!.placeOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.001', newClientOrderId: `t${Date.now()}` })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ExchangeUnavailableError);
    expect((failure as ExchangeUnavailableError).outcomeUnknown).toBe(true);
    expect(fake.requestCount('/api/v3/order')).toBe(1);
  });

  it('honours 429 Retry-After: until then every call fails fast without reaching the exchange', async () => {
    const c = client(await stores.create(kind));
    fake.resetCounters();
    fake.inject('/api/v3/ticker/price', { status: 429, retryAfterSec: 30, body: { code: -1003, msg: 'Too much request weight used.' } });
    const first = await c.tickerPrice('BTCUSDT').catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ExchangeRateLimitedError);
    expect((first as ExchangeRateLimitedError).retryAfterSeconds).toBe(30);
    const second = await c.klines({ symbol: 'BTCUSDT', interval: '1m', limit: 1 }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(ExchangeRateLimitedError);
    expect((second as ExchangeRateLimitedError).retryAfterSeconds).toBeGreaterThan(25);
    expect(fake.requestCount()).toBe(1);
  });

  it('treats 418 (IP ban) the same way', async () => {
    const c = client(await stores.create(kind));
    fake.resetCounters();
    fake.inject('/api/v3/time', { status: 418, retryAfterSec: 120, body: { code: -1003, msg: 'IP banned' } });
    await expect(c.ping()).rejects.toBeInstanceOf(ExchangeRateLimitedError);
    await expect(c.tickerPrice('BTCUSDT')).rejects.toBeInstanceOf(ExchangeRateLimitedError);
    expect(fake.requestCount()).toBe(1);
  });

  it('resyncs its clock after -1021 and re-signs once', async () => {
    const c = client(await stores.create(kind));
    fake.clock.setOffset(20_000);
    try {
      // Signed GET: the first attempt is outside recvWindow, the re-signed one is not; the order does not exist.
      await expect(c.gatewayAccount!.queryOrder('BTCUSDT', 'never-placed-1')).resolves.toBeNull();
      expect(Math.abs(c.clock.offset - 20_000)).toBeLessThan(1_000);
    } finally {
      fake.clock.setOffset(0);
    }
  });
});

describe('the weight budget', () => {
  it('holds requests back before the exchange limit instead of running into 429', async () => {
    const tight = await startFakeExchange({ weightLimitPerMinute: 100 });
    try {
      const store = await stores.create('memory');
      const c = new BinanceClient({
        baseUrl: tight.url,
        recvWindowMs: 5000,
        requestTimeoutMs: 500,
        totalTimeoutMs: 300,
        maxConcurrentRequests: 4,
        weightHeadroom: 0.9,
        store,
        logger: createLogger('silent'),
      });
      clients.push(c);
      await c.exchangeInfo(); // weight 20, and the limit (100) from rateLimits
      const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => c.tickerPrice('BTCUSDT')));
      const refused = outcomes.filter((o) => o.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      for (const o of refused) expect(o.reason).toBeInstanceOf(ExchangeRateLimitedError);
      expect(tight.requests.filter((r) => r.status === 429 || r.status === 418)).toEqual([]);
      // The exchange counts weight per calendar minute, and so does the ledger: a run that
      // crosses a minute boundary may spend 90 in each of the two minutes.
      for (const weightSent of weightPerMinute(tight.requests)) expect(weightSent).toBeLessThanOrEqual(90);
    } finally {
      await tight.close();
    }
  });

  it('is shared through Redis: two instances together stay within one budget', async () => {
    const tight = await startFakeExchange({ weightLimitPerMinute: 100 });
    try {
      const prefix = `w${Date.now()}:`;
      const make = async () => {
        const c = new BinanceClient({
          baseUrl: tight.url,
          recvWindowMs: 5000,
          requestTimeoutMs: 500,
          totalTimeoutMs: 300,
          maxConcurrentRequests: 4,
          weightHeadroom: 0.9,
          store: await stores.create('redis', { keyPrefix: prefix }),
          logger: createLogger('silent'),
        });
        clients.push(c);
        await c.exchangeInfo();
        return c;
      };
      const [a, b] = [await make(), await make()];
      await Promise.allSettled(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).tickerPrice('ETHUSDT')));
      expect(tight.requests.filter((r) => r.status === 429)).toEqual([]);
      for (const weightSent of weightPerMinute(tight.requests)) expect(weightSent).toBeLessThanOrEqual(90 + 20);
    } finally {
      await tight.close();
    }
  });

  it('shares a back-off order through Redis: after a 429 on one instance, the other sends nothing', async () => {
    const prefix = `b${Date.now()}:`;
    const a = client(await stores.create('redis', { keyPrefix: prefix }));
    const b = client(await stores.create('redis', { keyPrefix: prefix }));
    fake.resetCounters();
    fake.inject('/api/v3/ticker/price', { status: 429, retryAfterSec: 10, body: { code: -1003, msg: 'Too much request weight used.' } });
    await expect(a.tickerPrice('BTCUSDT')).rejects.toBeInstanceOf(ExchangeRateLimitedError);
    await expect(b.tickerPrice('BTCUSDT')).rejects.toBeInstanceOf(ExchangeRateLimitedError);
    expect(fake.requestCount()).toBe(1);
  });
});

/** The weight the exchange saw in each calendar minute it was sent anything (its limiter's windows). */
function weightPerMinute(requests: readonly { at: number; weight: number }[]): number[] {
  const byMinute = new Map<number, number>();
  for (const r of requests) {
    const minute = Math.floor(r.at / 60_000);
    byMinute.set(minute, (byMinute.get(minute) ?? 0) + r.weight);
  }
  return [...byMinute.values()];
}
