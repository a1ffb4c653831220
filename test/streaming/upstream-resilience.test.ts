/**
 * The upstream side under trouble, seen by a subscriber: a dropped connection while bars close, a
 * connection that stalls (open, answering pings, no data), the exchange's shutdown notice and the
 * connection age limit (both replace the connection make-before-break), pings answered, and control
 * messages batched under the exchange's rate limit. Subscribers see every closed bar, in order, once,
 * and no error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  candlesOf,
  candlesSubscription,
  closedOpenTimes,
  collect,
  minute,
  sequenceProblem,
  sseClient,
  waitUntil,
  wsClient,
  type CandleEvent,
  type Collector,
  type LiveCandle,
} from './live-clients.js';

const btc = { symbol: 'BTCUSDT', interval: 'MIN_1' };
const streamEnv = {
  STREAM_RECONNECT_BASE_MS: '20',
  STREAM_RECONNECT_MAX_MS: '200',
  STREAM_WATCHDOG_MS: '600',
  STREAM_GRACE_MS: '100',
};

async function startFrozenFake(): Promise<FakeExchange> {
  const fake = await startFakeExchange({ streamUpdateIntervalMs: 100, pingIntervalMs: 400, pongTimeoutMs: 600 });
  fake.clock.freeze(Math.floor(fake.clock.now() / minute) * minute + 5_000);
  return fake;
}

function expectCleanSequence(fake: FakeExchange, events: Collector<CandleEvent>, closedOpens: number[]): void {
  expect(events.items.filter((e) => e.errors)).toEqual([]);
  const candles = candlesOf(events.items);
  expect(sequenceProblem(candles)).toBeUndefined();
  expect(closedOpenTimes(events.items)).toEqual(closedOpens);
  for (const bar of candles.filter((c) => c.closed)) {
    const row = fake.finalKline('BTCUSDT', '1m', Date.parse(bar.openTime));
    expect([bar.open, bar.high, bar.low, bar.close, bar.volume]).toEqual([row[1], row[2], row[3], row[4], row[5]]);
  }
}

describe('one gateway, one subscriber, a troubled connection', () => {
  let fake: FakeExchange;
  let gw: TestGateway;
  let events: Collector<CandleEvent>;
  let client: ReturnType<typeof sseClient>;
  /** Open time of the bar forming when the test began. */
  let barOpen: number;

  beforeAll(async () => {
    fake = await startFrozenFake();
    gw = await startTestGateway({ fake, env: streamEnv });
    client = sseClient(gw.url, testKeys.read);
    events = collect(client.iterate({ query: candlesSubscription, variables: btc }) as AsyncIterableIterator<CandleEvent>);
    await events.waitFor((e) => e.length >= 2);
    barOpen = Date.parse((candlesOf(events.items)[0] as LiveCandle).openTime);
  });

  afterAll(async () => {
    await events?.stop();
    client?.dispose();
    await gw?.stop();
    await fake?.close();
  });

  it('answers the exchange\'s pings: the connection outlives several pong deadlines', async () => {
    const attempts = fake.streams.connectionAttempts();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fake.streams.connectionAttempts()).toBe(attempts);
    expect(fake.streams.connectionCount()).toBe(1);
  });

  it('after a dropped connection, delivers the bars that closed meanwhile, in order, then goes on', async () => {
    const attempts = fake.streams.connectionAttempts();
    fake.streams.dropConnections();
    fake.clock.advance(3 * minute);
    await events.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === barOpen + 3 * minute));
    expect(fake.streams.connectionAttempts()).toBeGreaterThan(attempts);
    expectCleanSequence(fake, events, [0, 1, 2].map((i) => barOpen + i * minute));
  });

  it('detects a stalled connection (open, answering pings, no data), reconnects, and fills the gap', async () => {
    const attempts = fake.streams.connectionAttempts();
    fake.streams.stall(true);
    fake.clock.advance(2 * minute);
    await waitUntil(() => fake.streams.connectionAttempts() > attempts, 'a reconnect after the stall');
    fake.streams.stall(false);
    await events.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === barOpen + 5 * minute));
    expectCleanSequence(fake, events, [0, 1, 2, 3, 4].map((i) => barOpen + i * minute));
    expect(gw.logLines.some((line) => line.includes('stalled'))).toBe(true);
  });

  it('moves to a fresh connection on the exchange\'s shutdown notice, without a gap or a duplicate', async () => {
    const attempts = fake.streams.connectionAttempts();
    fake.streams.announceShutdown();
    await waitUntil(() => fake.streams.connectionAttempts() > attempts && fake.streams.connectionCount() === 1, 'the new connection to replace the old');
    fake.clock.advance(minute);
    await events.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === barOpen + 6 * minute));
    expectCleanSequence(fake, events, [0, 1, 2, 3, 4, 5].map((i) => barOpen + i * minute));
    expect(fake.streams.subscriptions().get('btcusdt@kline_1m')).toBe(1);
  });
});

describe('connection age limit', () => {
  it('replaces a connection before the exchange would cut it, the subscriber seeing nothing of it', async () => {
    const fake = await startFrozenFake();
    const gw = await startTestGateway({ fake, env: { ...streamEnv, STREAM_MAX_CONNECTION_AGE_MS: '1000' } });
    const client = wsClient(gw.url, testKeys.read);
    const events = collect(client.iterate({ query: candlesSubscription, variables: btc }) as AsyncIterableIterator<CandleEvent>);
    try {
      await events.waitFor((e) => e.length >= 1);
      const barOpen = Date.parse((candlesOf(events.items)[0] as LiveCandle).openTime);
      await waitUntil(() => fake.streams.connectionAttempts() >= 3, 'two rotations');
      fake.clock.advance(minute);
      await events.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === barOpen + minute));
      expectCleanSequence(fake, events, [barOpen]);
      // One connection, two for a moment while the next one takes over.
      expect(fake.streams.connectionCount()).toBeLessThanOrEqual(2);
      // Make-before-break: no gap to backfill, so no REST call beyond the first read.
      expect(gw.logLines.some((line) => line.includes('backfilled'))).toBe(false);
    } finally {
      await events.stop();
      await client.dispose();
      await gw.stop();
      await fake.close();
    }
  });
});

describe('control messages', () => {
  it('batches subscriptions into few SUBSCRIBE messages, never more than 5 a second, all on one connection', async () => {
    const fake = await startFrozenFake();
    const gw = await startTestGateway({ fake, env: streamEnv });
    const client = wsClient(gw.url, testKeys.read);
    const streams = ['BTCUSDT', 'ETHUSDT', 'BNBBTC'].flatMap((symbol) =>
      ['MIN_1', 'MIN_5', 'HOUR_1', 'MONTH_1'].map((interval) => ({ symbol, interval })),
    );
    const all = streams.map((variables) => collect(client.iterate({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>));
    try {
      await Promise.all(all.map((events) => events.waitFor((e) => e.length >= 1)));
      await waitUntil(() => fake.streams.subscriptions().size === streams.length, 'every stream upstream');
      const subscribes = fake.streams.controlMessages.filter((m) => m.method === 'SUBSCRIBE');
      expect(subscribes.length).toBeLessThanOrEqual(3);
      expect(subscribes.flatMap((m) => m.params as string[]).sort()).toEqual(
        ['btcusdt', 'ethusdt', 'bnbbtc'].flatMap((s) => ['1m', '5m', '1h', '1M'].map((i) => `${s}@kline_${i}`)).sort(),
      );
      expect(fake.streams.connectionCount()).toBe(1);
      const times = fake.streams.controlMessages.map((m) => m.at);
      times.forEach((t, i) => expect(times.filter((u) => u >= t && u < t + 1000).length, `messages from #${i}`).toBeLessThanOrEqual(5));
      for (const events of all) expect(events.items.every((e) => !e.errors)).toBe(true);
    } finally {
      await Promise.all(all.map((events) => events.stop()));
      await client.dispose();
      await gw.stop();
      await fake.close();
    }
  });
});
