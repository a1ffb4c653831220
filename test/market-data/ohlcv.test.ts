/**
 * OHLCV through the whole gateway over HTTP, against the fake exchange, on both store backends:
 * values digit for digit, paging without gaps or duplicates, the forming bar, every interval, the
 * contract's bounds, and what it costs the exchange (batching, coalescing, cache hits).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intervalNames, intervals } from '../../src/market-data/intervals.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';

interface CandleOut {
  openTime: string;
  closeTime: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string;
  trades: number;
  closed: boolean;
}

const candleFields = 'openTime closeTime open high low close volume quoteVolume trades closed';
const ohlcvQuery = `query ($symbol: String!, $interval: Interval!, $limit: Int, $start: DateTime, $end: DateTime) {
  ohlcv(symbol: $symbol, interval: $interval, limit: $limit, start: $start, end: $end) { ${candleFields} }
}`;

const stores = new TestStores();
let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
});
afterAll(async () => {
  await fake.close();
  await stores.closeAll();
});

/** What the exchange itself says of that bar, in the contract's shape. */
function expected(symbol: string, interval: string, openTime: number): Omit<CandleOut, 'closed'> {
  const row = fake.kline(symbol, interval, openTime);
  return {
    openTime: new Date(row[0]).toISOString(),
    open: row[1],
    high: row[2],
    low: row[3],
    close: row[4],
    volume: row[5],
    closeTime: new Date(row[6]).toISOString(),
    quoteVolume: row[7],
    trades: row[8],
  };
}

describe.each(storeKinds)('ohlcv (%s store)', (kind) => {
  let gw: TestGateway;
  beforeAll(async () => {
    // These tests count upstream requests: a starved CI machine must not turn one into a timeout
    // and a retry (timeouts and retries have their own tests in test/exchange).
    gw = await startTestGateway({ fake, store: await stores.create(kind), env: { BINANCE_TIMEOUT_MS: '20000' } });
  });
  afterAll(async () => {
    await gw.stop();
  });

  const ohlcv = async (variables: Record<string, unknown>) => {
    const result = await gw.execute<{ ohlcv: CandleOut[] }>(ohlcvQuery, { variables, apiKey: testKeys.read });
    return expectData(result).ohlcv;
  };

  it('returns the latest bars, ascending, the forming bar last and values digit for digit', async () => {
    const candles = await ohlcv({ symbol: 'BTCUSDT', interval: 'MIN_1', limit: 5 });
    expect(candles).toHaveLength(5);
    const now = fake.clock.now();
    const last = candles[4] as CandleOut;
    expect(Date.parse(last.openTime)).toBeLessThanOrEqual(now);
    expect(Date.parse(last.closeTime)).toBeGreaterThanOrEqual(now - 1000);
    expect(last.closed).toBe(false);
    for (const candle of candles.slice(0, 4)) {
      expect(candle.closed).toBe(true);
      expect(candle).toEqual({ ...expected('BTCUSDT', '1m', Date.parse(candle.openTime)), closed: true });
    }
    const opens = candles.map((c) => Date.parse(c.openTime));
    expect(opens.slice(1).map((t, i) => t - (opens[i] as number))).toEqual([60_000, 60_000, 60_000, 60_000]);
  });

  it('pages a long range with no gap and no duplicate at the seams', async () => {
    const start = Date.UTC(2024, 2, 1, 7, 13);
    fake.resetCounters();
    const candles = await ohlcv({ symbol: 'ETHUSDT', interval: 'MIN_1', limit: 2500, start: new Date(start).toISOString() });
    expect(candles).toHaveLength(2500);
    candles.forEach((c, i) => expect(Date.parse(c.openTime)).toBe(start + i * 60_000));
    for (const i of [0, 999, 1000, 1001, 2499]) {
      const candle = candles[i] as CandleOut;
      expect(candle).toEqual({ ...expected('ETHUSDT', '1m', Date.parse(candle.openTime)), closed: true });
    }
    // 2500 bars from mid-block touch at most 4 blocks of 1000: one exchange page each.
    expect(fake.requestCount('/api/v3/klines')).toBeLessThanOrEqual(4);
  });

  it('stops at end, inclusive of a bar opening exactly at end', async () => {
    const start = Date.UTC(2024, 5, 1, 0, 0);
    const end = start + 9 * 3_600_000;
    const candles = await ohlcv({
      symbol: 'BTCUSDT',
      interval: 'HOUR_1',
      limit: 500,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    });
    expect(candles.map((c) => c.openTime)).toEqual(
      Array.from({ length: 10 }, (_, i) => new Date(start + i * 3_600_000).toISOString()),
    );
  });

  it('serves every interval with the right spacing and case-sensitive upstream names', async () => {
    fake.resetCounters();
    for (const interval of intervalNames) {
      const candles = await ohlcv({ symbol: 'BTCUSDT', interval, limit: 3, start: '2023-01-01T00:00:00.000Z' });
      expect(candles, interval).toHaveLength(3);
      const [a, b] = candles.map((c) => Date.parse(c.openTime)) as [number, number];
      const spacing = b - a;
      expect(spacing, interval).toBeGreaterThanOrEqual(intervals[interval].minMs);
      expect(spacing, interval).toBeLessThanOrEqual(intervals[interval].maxMs);
    }
    const sent = new Set(fake.requests.filter((r) => r.path === '/api/v3/klines').map((r) => r.query['interval']));
    expect(sent.has('1M')).toBe(true);
    expect(sent.has('1m')).toBe(true);
    const months = await ohlcv({ symbol: 'BTCUSDT', interval: 'MONTH_1', limit: 3, start: '2023-01-01T00:00:00.000Z' });
    expect(months.map((c) => c.openTime)).toEqual(['2023-01-01T00:00:00.000Z', '2023-02-01T00:00:00.000Z', '2023-03-01T00:00:00.000Z']);
  });

  it('refuses an unknown symbol with BAD_USER_INPUT without asking for klines', async () => {
    fake.resetCounters();
    const result = await gw.execute(ohlcvQuery, { variables: { symbol: 'NOPEUSDT', interval: 'MIN_1' }, apiKey: testKeys.read });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('NOPEUSDT');
    expect(fake.requestCount('/api/v3/klines')).toBe(0);
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 50_001 }, 'limit'],
    [{ start: '2024-01-02T00:00:00.000Z', end: '2024-01-01T00:00:00.000Z' }, 'start'],
    [{ start: 'yesterday' }, 'DateTime'],
    [{ start: '2024-01-01' }, 'DateTime'],
  ])('refuses out-of-bounds input %j with BAD_USER_INPUT', async (args, mention) => {
    const result = await gw.execute(ohlcvQuery, {
      variables: { symbol: 'BTCUSDT', interval: 'MIN_1', ...args },
      apiKey: testKeys.read,
    });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain(mention);
  });

  it('bounds the candles of one operation to 200000 in total', async () => {
    const fields = Array.from({ length: 5 }, (_, i) => `a${i}: ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 50000, start: "2020-01-01T00:00:00.000Z") { openTime }`);
    fake.resetCounters();
    const result = await gw.execute(`{ ${fields.join('\n')} }`, { apiKey: testKeys.read });
    expect(result.errors?.some((e) => e.extensions?.['code'] === 'BAD_USER_INPUT' && e.message.includes('200000'))).toBe(true);
    // Refused as a whole: not one of the 250000 bars was fetched.
    expect(fake.requestCount('/api/v3/klines')).toBe(0);
  });

  it('loads identical candle requests of one operation once (DataLoader)', async () => {
    fake.resetCounters();
    const start = '2022-07-04T10:00:00.000Z';
    const result = await gw.execute(
      `{
        a: ohlcv(symbol: "BNBBTC", interval: MIN_5, limit: 100, start: "${start}") { close }
        b: ohlcv(symbol: "BNBBTC", interval: MIN_5, limit: 200, start: "${start}") { open }
        m: market(symbol: "BNBBTC") { candles(interval: MIN_5, limit: 50, start: "${start}") { high } }
      }`,
      { apiKey: testKeys.read },
    );
    const data = expectData(result) as { a: unknown[]; b: unknown[]; m: { candles: unknown[] } };
    expect([data.a.length, data.b.length, data.m.candles.length]).toEqual([100, 200, 50]);
    expect(fake.requestCount('/api/v3/klines')).toBe(1);
  });

  it('coalesces 100 concurrent identical cold queries into one upstream request, and a warm repeat costs none', async () => {
    // 2021-03-01T12:00Z starts a 15-minute block (1000 bars), so the 500 bars lie in one exchange page.
    const variables = { symbol: 'ETHUSDT', interval: 'MIN_15', limit: 500, start: '2021-03-01T12:00:00.000Z' };
    fake.resetCounters();
    const results = await Promise.all(
      Array.from({ length: 100 }, () => gw.execute<{ ohlcv: CandleOut[] }>(ohlcvQuery, { variables, apiKey: testKeys.read })),
    );
    const first = JSON.stringify(expectData(results[0] as never));
    for (const r of results) expect(JSON.stringify(expectData(r))).toBe(first);
    expect(fake.requestCount('/api/v3/klines')).toBe(1);
    await ohlcv(variables);
    expect(fake.requestCount('/api/v3/klines')).toBe(1);
  });

  it('re-reads only the missing blocks of a range that overlaps cached ones', async () => {
    const blockMs = 1000 * 60_000;
    const base = Math.floor(Date.UTC(2023, 6, 1) / blockMs) * blockMs;
    fake.resetCounters();
    await ohlcv({ symbol: 'BTCUSDT', interval: 'MIN_1', limit: 1000, start: new Date(base).toISOString() });
    expect(fake.requestCount('/api/v3/klines')).toBe(1);
    const both = await ohlcv({ symbol: 'BTCUSDT', interval: 'MIN_1', limit: 1500, start: new Date(base + 500 * 60_000).toISOString() });
    expect(both).toHaveLength(1500);
    expect(fake.requestCount('/api/v3/klines')).toBe(2);
  });

  it('answers market and markets from exchangeInfo', async () => {
    const result = await gw.execute<{ market: unknown; none: unknown; markets: { symbol: string }[] }>(
      `{ market(symbol: "ETHUSDT") { symbol baseAsset quoteAsset status }
         none: market(symbol: "NOPEUSDT") { symbol }
         markets(symbols: ["BTCUSDT", "BNBBTC"]) { symbol quoteAsset } }`,
      { apiKey: testKeys.read },
    );
    const data = expectData(result);
    expect(data.market).toEqual({ symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', status: 'TRADING' });
    expect(data.none).toBeNull();
    expect(data.markets).toEqual([
      { symbol: 'BTCUSDT', quoteAsset: 'USDT' },
      { symbol: 'BNBBTC', quoteAsset: 'BTC' },
    ]);
    const unknown = await gw.execute('{ markets(symbols: ["BTCUSDT", "NOPE"]) { symbol } }', { apiKey: testKeys.read });
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');
  });
});
