/**
 * Several instances on one Redis: candle events travel over pub/sub, one instance holds each
 * upstream stream (elected through a lock in Redis), the others relay; when the holder stops, another
 * takes over and its subscribers see no gap; when a holder dies without letting go, its lock expires
 * and another takes over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { Store } from '../../src/store/store.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { TestStores } from '../helpers/test-stores.js';
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
  type LiveCandle,
} from './live-clients.js';

const stores = new TestStores();
const keyPrefix = `multi${process.pid}:`;
const env = { STREAM_LOCK_TTL_MS: '1500', STREAM_GRACE_MS: '100', STREAM_RECONNECT_BASE_MS: '20' };
let fake: FakeExchange;
let a: TestGateway;
let b: TestGateway;
let shared: Store;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
  fake.clock.freeze(Math.floor(fake.clock.now() / minute) * minute + 5_000);
  shared = await stores.create('redis', { keyPrefix });
  a = await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix }), env });
  b = await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix }), env });
});

afterAll(async () => {
  for (const gw of [a, b]) if (gw?.gateway.server.listening) await gw.stop();
  await fake?.close();
  await stores.closeAll();
});

const holding = (gw: TestGateway): number => gw.gateway.services.candleStreams.stats().holding;

describe('two instances, one stream', () => {
  it('share one upstream subscription; both relay updates and closes; after the holder stops, the other takes over without a gap', async () => {
    const btc = { symbol: 'BTCUSDT', interval: 'MIN_1' };
    const clientA = sseClient(a.url, testKeys.read);
    const clientB = wsClient(b.url, testKeys.read);
    const onA = collect(clientA.iterate({ query: candlesSubscription, variables: btc }) as AsyncIterableIterator<CandleEvent>);
    const onB = collect(clientB.iterate({ query: candlesSubscription, variables: btc }) as AsyncIterableIterator<CandleEvent>);
    await Promise.all([onA.waitFor((e) => e.length >= 3), onB.waitFor((e) => e.length >= 3)]);
    expect(holding(a) + holding(b)).toBe(1);
    expect(fake.streams.subscriptions().get('btcusdt@kline_1m')).toBe(1);
    expect(fake.streams.connectionCount()).toBe(1);

    const bar = Date.parse((candlesOf(onB.items)[0] as LiveCandle).openTime);
    fake.clock.advance(minute);
    await Promise.all([onA, onB].map((events) => events.waitFor((e) => closedOpenTimes(e).includes(bar))));

    // The holder goes away; a bar closes while the other takes over.
    const [holder, follower, onFollower] = holding(a) === 1 ? [a, b, onB] : [b, a, onA];
    await holder.stop();
    fake.clock.advance(minute);
    await onFollower.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === bar + 2 * minute));
    expect(holding(follower)).toBe(1);
    await waitUntil(() => fake.streams.connectionCount() === 1, 'the old holder\'s connection to close');
    expect(fake.streams.subscriptions().get('btcusdt@kline_1m')).toBe(1);
    expect(onFollower.items.filter((e) => e.errors)).toEqual([]);
    expect(sequenceProblem(candlesOf(onFollower.items))).toBeUndefined();
    expect(closedOpenTimes(onFollower.items)).toEqual([bar, bar + minute]);
    for (const c of candlesOf(onFollower.items).filter((x) => x.closed)) {
      expect(c.close).toBe(fake.finalKline('BTCUSDT', '1m', Date.parse(c.openTime))[4]);
    }
    await Promise.all([onA.stop(), onB.stop()]);
    clientA.dispose();
    await clientB.dispose();
  });
});

describe('a holder that died', () => {
  it('is replaced once its lock expires', async () => {
    const survivor = a.gateway.server.listening ? a : b;
    // A holder that died: its lock is still in Redis and nobody will renew or release it.
    expect(await shared.acquireLock('stream-lock:ethusdt@kline_1m', 'dead-instance', 1500)).toBe(true);
    const client = wsClient(survivor.url, testKeys.read);
    const events = collect(client.iterate({ query: candlesSubscription, variables: { symbol: 'ETHUSDT', interval: 'MIN_1' } }) as AsyncIterableIterator<CandleEvent>);
    // The first bar comes from the cache or REST at once; live updates only once the lock is ours.
    await events.waitFor((e) => e.length >= 1);
    expect(fake.streams.subscriptions().has('ethusdt@kline_1m')).toBe(false);
    await waitUntil(() => fake.streams.subscriptions().get('ethusdt@kline_1m') === 1, 'the takeover after the lock expired');
    const count = events.items.length;
    await events.waitFor((e) => e.length > count + 2);
    expect(events.items.every((e) => !e.errors)).toBe(true);
    expect(sequenceProblem(candlesOf(events.items))).toBeUndefined();
    await events.stop();
    await client.dispose();
  });
});
