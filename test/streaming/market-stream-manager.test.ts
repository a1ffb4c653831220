/**
 * The upstream connection manager against the fake exchange, without a gateway around it: more
 * streams than one connection may carry spread over two connections, each under the exchange's
 * limit of 1024, subscribed with few control messages; streams leave with UNSUBSCRIBE.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MarketStreamManager } from '../../src/exchange/market-stream-manager.js';
import { createLogger } from '../../src/observability/logger.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { waitUntil } from './live-clients.js';

let fake: FakeExchange;
let store: Store;
let manager: MarketStreamManager;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  store = createMemoryStore();
  manager = new MarketStreamManager({
    wsUrl: fake.wsUrl,
    store,
    logger: createLogger('silent'),
    // These streams carry no data (no such symbols); only the stall watchdog would mind.
    watchdogMs: 60_000,
    maxConnectionAgeMs: 3_600_000,
    reconnectBaseMs: 20,
    reconnectMaxMs: 200,
  });
});

afterAll(async () => {
  await manager?.close();
  await store?.close();
  await fake?.close();
});

const streams = Array.from({ length: 1030 }, (_, i) => `sym${i}usdt@kline_1m`);

it('spreads 1030 streams over two connections of at most 1024, with few SUBSCRIBE messages', async () => {
  for (const stream of streams) manager.subscribe(stream, () => undefined);
  await waitUntil(() => fake.streams.subscriptions().size === streams.length, 'every stream subscribed upstream');
  expect(fake.streams.connectionCount()).toBe(2);
  expect(manager.connectionCount).toBe(2);
  const subscribes = fake.streams.controlMessages.filter((m) => m.method === 'SUBSCRIBE');
  expect(subscribes.length).toBeLessThanOrEqual(4);
  expect(subscribes.every((m) => (m.params as string[]).length <= 1024)).toBe(true);
  expect(new Set(subscribes.flatMap((m) => m.params as string[]))).toEqual(new Set(streams));
});

it('sends UNSUBSCRIBE for streams that leave, batched, and keeps the rest', async () => {
  const leaving = streams.slice(0, 100);
  for (const stream of leaving) manager.unsubscribe(stream);
  await waitUntil(() => fake.streams.subscriptions().size === streams.length - leaving.length, 'the streams to leave');
  const unsubscribes = fake.streams.controlMessages.filter((m) => m.method === 'UNSUBSCRIBE');
  expect(unsubscribes.length).toBeLessThanOrEqual(2);
  expect(new Set(unsubscribes.flatMap((m) => m.params as string[]))).toEqual(new Set(leaving));
  expect(fake.streams.subscriptions().has(streams[500] as string)).toBe(true);
});

it('shares one upstream subscription between listeners of a stream, until the last one leaves', async () => {
  const stream = 'btcusdt@kline_1m';
  const first: unknown[] = [];
  const second: unknown[] = [];
  const firstListener = (data: unknown) => first.push(data);
  const secondListener = (data: unknown) => second.push(data);
  manager.subscribe(stream, firstListener);
  manager.subscribe(stream, secondListener);
  await waitUntil(() => fake.streams.subscriptions().has(stream), 'the stream subscribed upstream');
  const subscribesOf = () => fake.streams.controlMessages.filter((m) => m.method === 'SUBSCRIBE' && (m.params as string[]).includes(stream)).length;
  expect(subscribesOf()).toBe(1);
  fake.streams.emitKline('BTCUSDT', '1m');
  await waitUntil(() => first.length > 0 && second.length > 0, 'both listeners to get the event');
  expect(second).toEqual(first);
  manager.unsubscribe(stream, firstListener);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(fake.streams.subscriptions().has(stream)).toBe(true);
  manager.unsubscribe(stream, secondListener);
  await waitUntil(() => !fake.streams.subscriptions().has(stream), 'the stream unsubscribed upstream');
});
