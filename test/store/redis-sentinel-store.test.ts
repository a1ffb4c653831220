/**
 * The Redis store behind Redis Sentinel (a master, a replica, three Sentinels, started once for
 * this file): the shared store contract, then what Sentinel is for. A transaction is acknowledged
 * only once the replica has it, so when the master is killed and the replica promoted, every
 * acknowledged write is still there and the store carries on against the new master.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../src/config/redis-url.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { startRedisSentinel, type TestRedisSentinel } from '../helpers/redis-topologies.js';
import { storeSuite } from './store-suite.js';

let sentinel: TestRedisSentinel;

beforeAll(async () => {
  sentinel = await startRedisSentinel();
}, 30_000);
afterAll(async () => {
  await sentinel?.stop();
});

function sentinelStore(keyPrefix = `t${randomUUID().slice(0, 8)}:`, options: { tombstonesKept?: number } = {}): Store {
  const problems: string[] = [];
  const target = parseRedisUrl(sentinel.url, problems);
  expect(problems).toEqual([]);
  return createRedisStore({ target, logger: createLogger('silent'), keyPrefix, ...options });
}

describe('redis store behind Sentinel', () => {
  storeSuite(async (options) => sentinelStore(undefined, options));

  it('acknowledges a transaction only once the replica has it', async () => {
    const prefix = `ack${randomUUID().slice(0, 6)}:`;
    const store = sentinelStore(prefix);
    const master = new Redis({ port: await sentinel.masterPort(), host: '127.0.0.1' });
    const replicaPort = Number(/slave0:ip=[^,]+,port=(\d+)/.exec(await master.info('replication'))?.[1] ?? 0);
    master.disconnect();
    const replica = new Redis({ port: replicaPort, host: '127.0.0.1' });
    try {
      for (let i = 0; i < 20; i++) {
        await store.transact([`doc:{d}:${i}`], () => ({ writes: { [`doc:{d}:${i}`]: String(i) }, result: null }));
        // No sleep: the replica holds it the moment the transaction is acknowledged.
        expect(await replica.get(`${prefix}doc:{d}:${i}`)).toBe(String(i));
      }
    } finally {
      replica.disconnect();
      await store.close();
    }
  });

  // Last in the file: it kills the master.
  it('loses no acknowledged transaction when the master is killed and the replica promoted, and carries on', async () => {
    const store = sentinelStore();
    const acknowledged: number[] = [];
    let failed = 0;
    let lastError: unknown;
    let running = true;
    const writer = (async () => {
      for (let i = 0; running; i++) {
        const key = `order:{acct}:${i}`;
        try {
          await store.transact([key, 'account:{acct}'], ([, count]) => ({
            writes: { [key]: String(i), 'account:{acct}': String(Number(count ?? 0) + 1) },
            result: null,
          }));
          acknowledged.push(i);
        } catch (error) {
          lastError = error;
          failed++;
          await sleep(20);
        }
      }
    })();
    await sleep(300);
    const { oldPort, newPort } = await sentinel.killMaster();
    expect(newPort).not.toBe(oldPort);
    // Writes go through again against the new master.
    const before = acknowledged.length;
    const deadline = Date.now() + 15_000;
    while (acknowledged.length < before + 20 && Date.now() < deadline) await sleep(50);
    running = false;
    await writer;
    expect(acknowledged.length, String(lastError)).toBeGreaterThanOrEqual(before + 20);
    const stored = await store.mget(acknowledged.map((i) => `order:{acct}:${i}`));
    expect(stored).toEqual(acknowledged.map(String));
    // The counter saw every acknowledged transaction (and perhaps some whose WAIT timed out).
    expect(Number(await store.get('account:{acct}'))).toBeGreaterThanOrEqual(acknowledged.length);
    expect(failed).toBeGreaterThanOrEqual(0);
    await store.close();
  }, 60_000);
});
