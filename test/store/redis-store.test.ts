/**
 * The Redis store: the shared contract on a real Redis (flushed before each test), then what only
 * Redis has: several gateway instances sharing one server, and surviving the server going away.
 */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { startRedisServer, type TestRedisServer } from '../helpers/redis-server.js';
import { recorder, storeSuite } from './store-suite.js';

const silent = pino({ level: 'silent' });

/** A logger that keeps its JSON lines, to check what was logged. */
function capturingLogger(): { logger: ReturnType<typeof createLogger>; text(): string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('debug', sink), text: () => lines.join('') };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** Milliseconds a call takes to settle, and how it settled. */
async function timed(call: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { ms: Date.now() - started, error };
}

describe('redis store', () => {
  let server: TestRedisServer;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    await admin.quit();
    await server.stop();
  });

  storeSuite(async (options) => {
    // A second store within one test (other options) shares the first one's keys: no flush then.
    if (options === undefined) await admin.flushdb();
    return createRedisStore({ url: server.url, logger: silent, ...options });
  });

  describe('two gateway instances on one Redis', () => {
    let a: Store;
    let b: Store;
    beforeEach(async () => {
      await admin.flushdb();
      a = createRedisStore({ url: server.url, logger: silent });
      b = createRedisStore({ url: server.url, logger: silent });
    });
    afterEach(async () => {
      await Promise.all([a.close(), b.close()]);
    });
    const either = (i: number): Store => (i % 2 === 0 ? a : b);

    it('share one sliding window: exactly max allowed across both', async () => {
      const hits = await Promise.all(Array.from({ length: 50 }, (_, i) => either(i).hitWindow('w', 10, 1_000)));
      expect(hits.filter((hit) => hit.allowed)).toHaveLength(10);
      expect(await a.peekWindow('w', 10, 1_000)).toBe(0);
    });

    it('serialise transactions: 100 increments split across both end at 100', async () => {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          either(i).transact(['n'], ([value]) => ({ writes: { n: String(Number(value ?? 0) + 1) }, result: null })),
        ),
      );
      expect(await b.get('n')).toBe('100');
    });

    it('share budgets and locks', async () => {
      const reservations = await Promise.all(Array.from({ length: 20 }, (_, i) => either(i).reserveBudget('weight', 10, 95, 5_000)));
      expect(reservations.filter((reservation) => reservation.ok)).toHaveLength(9);
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => either(i).acquireLock('lock', `owner-${i}`, 5_000)));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });

    it('deliver what one publishes to the other subscriber', async () => {
      const received = recorder();
      await a.subscribe('candle:BTCUSDT:1m', received.handler);
      await b.publish('candle:BTCUSDT:1m', '{"close":"1"}');
      await received.received(1);
      expect(received.messages).toEqual(['{"close":"1"}']);
    });

    it('keep deployments with different key prefixes apart, keys and channels', async () => {
      const other = createRedisStore({ url: server.url, logger: silent, keyPrefix: 'other:' });
      const mine = recorder();
      const theirs = recorder();
      await a.subscribe('topic', mine.handler);
      await other.subscribe('topic', theirs.handler);
      await a.set('k', 'mine');
      await a.transact(['doc'], () => ({ writes: { doc: 'mine' }, result: null }));
      expect(await other.mget(['k', 'doc'])).toEqual([null, null]);
      expect(await admin.mget('gw:k', 'gw:doc')).toEqual(['mine', 'mine']);
      await other.publish('topic', 'theirs');
      await a.publish('topic', 'mine');
      await Promise.all([mine.received(1), theirs.received(1)]);
      expect([mine.messages, theirs.messages]).toEqual([['mine'], ['theirs']]);
      await other.close();
    });
  });

  describe('when Redis goes away', () => {
    it('rejects within the command timeout, pings false, and recovers after a restart', async () => {
      const own = await startRedisServer({ spawn: true });
      const store = createRedisStore({ url: own.url, logger: silent, commandTimeoutMs: 500, maxReconnectDelayMs: 200 });
      try {
        await store.set('k', 'before');
        const events = recorder();
        await store.subscribe('events', events.handler);

        await own.kill();
        for (const call of [store.get('k'), store.hitWindow('w', 1, 1_000), store.transact(['k'], () => ({ writes: { k: 'x' }, result: 1 }))]) {
          const { ms, error } = await timed(call);
          expect(error).toMatchObject({ name: 'StoreError', code: 'STORE_UNAVAILABLE' });
          expect(ms).toBeLessThan(500 + 250);
        }
        const ping = await timed(store.ping());
        expect(ping.ms).toBeLessThan(500 + 250);
        expect(await store.ping()).toBe(false);

        await own.restart();
        await eventually(() => store.ping());
        await store.set('k', 'after');
        expect(await store.get('k')).toBe('after');
        // The subscriber connection resubscribes by itself once it is back.
        await eventually(async () => {
          await store.publish('events', 'back');
          return events.messages.length > 0;
        });
      } finally {
        await store.close();
        await own.stop();
      }
    });

    it('pings false and rejects when Redis was never up, and logs no password', async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as { port: number };
      await new Promise((resolve) => probe.close(resolve));

      const logs = capturingLogger();
      const store = createRedisStore({ url: `redis://user:s3cret@127.0.0.1:${port}`, logger: logs.logger, commandTimeoutMs: 300 });
      const ping = await timed(store.ping());
      expect(ping.ms).toBeLessThan(300 + 250);
      await expect(store.ping()).resolves.toBe(false);
      await expect(store.get('k')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await store.close();
      expect(logs.text()).toContain('redis connection error');
      expect(logs.text()).toContain('redis://user:***@127.0.0.1');
      expect(logs.text()).not.toContain('s3cret');
    });
  });
});
