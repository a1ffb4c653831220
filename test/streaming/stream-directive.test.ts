/**
 * @stream on ohlcv and Market.candles over real HTTP, against a fake exchange that takes 50 ms per
 * klines request: over multipart/mixed, the bars of a cold 20,000-bar range arrive part by part
 * while later pages are still being fetched, complete and in order, the bars of each part as one
 * `items` list at the index of its first bar; text/event-stream and
 * Market.candles stream the same way; without @stream the whole list comes as one JSON answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { expectData } from '../helpers/graphql-client.js';
import { readMultipart } from '../helpers/multipart.js';
import { openSse } from '../helpers/sse-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const minute = 60_000;
const bars = 20_000;
const klines = '/api/v3/klines';

interface Bar {
  openTime: string;
  close: string;
}
interface Incremental {
  data?: Record<string, unknown>;
  incremental?: { items?: Bar[]; path: (string | number)[] }[];
  hasNext?: boolean;
  errors?: unknown[];
}

let fake: FakeExchange;
let gw: TestGateway;
let start: number;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  fake.setLatency(klines, 50);
  gw = await startTestGateway({ fake, env: { QUERY_CACHE_TTL_MS: '0' } });
  // A range well in the past, so every bar is closed and the answer is exact.
  start = Math.floor(fake.clock.now() / minute) * minute - 30_000 * minute;
});

afterAll(async () => {
  await gw?.stop();
  await fake?.close();
});

/** Cache blocks (one exchange page each) the range touches. */
function blocksSpanned(): number {
  const span = 1000 * minute;
  return Math.floor((start + (bars - 1) * minute) / span) - Math.floor(start / span) + 1;
}

/** The items of every incremental payload, in order, with the request count seen when the first came. */
function collect(payloads: Incremental[]): Bar[] {
  const items: Bar[] = [];
  for (const payload of payloads) {
    expect(payload.errors ?? []).toEqual([]);
    for (const increment of payload.incremental ?? []) items.push(...(increment.items ?? []));
  }
  return items;
}

/** Each payload carries its bars as one entry, whose path is the list's index of its first bar. */
function expectOneEntryPerPayload(payloads: Incremental[], listPath: (string | number)[], initial: number): void {
  let delivered = initial;
  for (const payload of payloads) {
    const entries = payload.incremental ?? [];
    expect(entries.length).toBeLessThanOrEqual(1);
    for (const entry of entries) {
      expect(entry.path).toEqual([...listPath, delivered]);
      delivered += entry.items?.length ?? 0;
    }
  }
}

/** The first `count` bars of the range, each once, ascending, with the exchange's values. */
function expectCompleteAndInOrder(items: Bar[], count = bars): void {
  expect(items).toHaveLength(count);
  items.forEach((bar, i) => expect(Date.parse(bar.openTime)).toBe(start + i * minute));
  for (const i of [0, 999, 1000, 12_345, count - 1].filter((n) => n < count)) {
    expect(items[i]?.close).toBe(fake.kline('BTCUSDT', '1m', start + i * minute)[4]);
  }
}

const streamedOhlcv = (limit: number) => `query ($start: DateTime!) {
  ohlcv(symbol: "BTCUSDT", interval: MIN_1, start: $start, limit: ${limit}) @stream(initialCount: 0) { openTime close }
}`;

/** The lighter checks below read bars the first test left in the cache: fewer, to keep the file light. */
const fewer = 3_000;

describe('@stream over multipart/mixed', () => {
  it('delivers the first bars of a 20,000-bar range before the last page is fetched, all of them in order', async () => {
    const requestsBefore = fake.requestCount(klines);
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed', 'x-api-key': testKeys.read },
      body: JSON.stringify({ query: streamedOhlcv(bars), variables: { start: new Date(start).toISOString() } }),
    });
    expect(response.status).toBe(200);
    let requestsAtFirstItems: number | undefined;
    const parts = await readMultipart<Incremental>(response, (part) => {
      if (requestsAtFirstItems === undefined && part.body.incremental?.some((i) => (i.items ?? []).length > 0)) {
        requestsAtFirstItems = fake.requestCount(klines) - requestsBefore;
      }
    });
    const pages = fake.requestCount(klines) - requestsBefore;
    expect(pages).toBe(blocksSpanned());
    // The first bars were on their way while most pages had not even been asked for yet.
    expect(requestsAtFirstItems).toBeLessThan(pages / 2);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]?.body.data).toEqual({ ohlcv: [] });
    expect(parts.at(-1)?.body.hasNext).toBe(false);
    const firstItems = parts.find((p) => p.body.incremental?.length);
    expect(firstItems!.at).toBeLessThan(parts.at(-1)!.at);
    expectCompleteAndInOrder(collect(parts.map((p) => p.body)));
    expectOneEntryPerPayload(parts.map((p) => p.body), ['ohlcv'], 0);
    // Far fewer entries than bars: a page's bars travel together.
    expect(parts.reduce((n, p) => n + (p.body.incremental?.length ?? 0), 0)).toBeLessThan(bars / 100);
  });

  it('streams Market.candles the same way', async () => {
    const query = `query ($start: DateTime!) {
      market(symbol: "BTCUSDT") { candles(interval: MIN_1, start: $start, limit: ${fewer}) @stream(initialCount: 10) { openTime close } }
    }`;
    const response = await fetch(`${gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed', 'x-api-key': testKeys.read },
      body: JSON.stringify({ query, variables: { start: new Date(start).toISOString() } }),
    });
    const parts = await readMultipart<Incremental>(response);
    const initial = (parts[0]?.body.data as { market: { candles: Bar[] } }).market.candles;
    expect(initial).toHaveLength(10);
    expect(parts.length).toBeGreaterThan(2);
    expectCompleteAndInOrder([...initial, ...collect(parts.slice(1).map((p) => p.body))], fewer);
    expectOneEntryPerPayload(parts.slice(1).map((p) => p.body), ['market', 'candles'], 10);
  });
});

describe('@stream over text/event-stream', () => {
  it('delivers the range as incremental SSE events, complete and in order', async () => {
    const sse = await openSse<Record<string, unknown>>(gw.url, streamedOhlcv(fewer), {
      apiKey: testKeys.read,
      variables: { start: new Date(start).toISOString() },
    });
    expect(sse.status).toBe(200);
    await sse.waitFor((payloads) => (payloads.at(-1) as Incremental | undefined)?.hasNext === false, 20_000);
    await sse.ended();
    const payloads = sse.payloads as Incremental[];
    expect(payloads[0]?.data).toEqual({ ohlcv: [] });
    expect(payloads.filter((p) => p.incremental?.length).length).toBeGreaterThan(1);
    expectCompleteAndInOrder(collect(payloads), fewer);
    expectOneEntryPerPayload(payloads, ['ohlcv'], 0);
  });
});

describe('without @stream', () => {
  it('returns the whole list as one JSON answer', async () => {
    const result = await gw.execute<{ ohlcv: Bar[] }>(
      `query ($start: DateTime!) { ohlcv(symbol: "BTCUSDT", interval: MIN_1, start: $start, limit: ${bars}) { openTime close } }`,
      { apiKey: testKeys.read, variables: { start: new Date(start).toISOString() } },
    );
    expectCompleteAndInOrder(expectData(result).ohlcv);
  });
});
