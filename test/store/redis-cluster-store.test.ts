/**
 * The Redis store on a real Redis Cluster of three masters (started once for this file): the
 * shared store contract, plus what only a Cluster checks: keys really land on several masters,
 * and a multi-key operation whose keys share a hash tag runs while one without is refused.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../src/config/redis-url.js';
import { createLogger } from '../../src/observability/logger.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { startRedisCluster, type TestRedisCluster } from '../helpers/redis-topologies.js';
import { storeSuite } from './store-suite.js';

let cluster: TestRedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 30_000);
afterAll(async () => {
  await cluster?.stop();
});

function clusterStore(keyPrefix = `t${randomUUID().slice(0, 8)}:`, options: { tombstonesKept?: number } = {}): Store {
  const problems: string[] = [];
  const target = parseRedisUrl(cluster.url, problems);
  expect(problems).toEqual([]);
  return createRedisStore({ target, logger: createLogger('silent'), keyPrefix, ...options });
}

describe('redis store on a 3-master Cluster', () => {
  storeSuite(async (options) => clusterStore(undefined, options));

  it('spreads independent keys over the masters, and mget reads them back across slots', async () => {
    const prefix = `spread${randomUUID().slice(0, 6)}:`;
    const store = clusterStore(prefix);
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `k${i}`);
      await store.mset(keys.map((key, i) => ({ key, value: String(i) })));
      expect(await store.mget(keys)).toEqual(keys.map((_, i) => String(i)));
      const perMaster = await Promise.all(
        cluster.ports.map(async (port) => {
          const node = new Redis({ port, host: '127.0.0.1' });
          try {
            return (await node.keys(`${prefix}*`)).length;
          } finally {
            node.disconnect();
          }
        }),
      );
      expect(perMaster.filter((n) => n > 0).length).toBe(3);
      expect(perMaster.reduce((a, b) => a + b, 0)).toBe(30);
    } finally {
      await store.close();
    }
  });

  it('runs a transaction over tagged keys in one slot; Redis itself would refuse untagged ones (CROSSSLOT)', async () => {
    const store = clusterStore();
    try {
      const keys = ['paper-account:{alice}', 'paper-order:{alice}:o1', 'paper-order:{alice}:o2'];
      const result = await store.transact(keys, () => ({ writes: Object.fromEntries(keys.map((k) => [k, '1'])), result: 'ok' }));
      expect(result).toBe('ok');
      expect(await store.mget(keys)).toEqual(['1', '1', '1']);
      // What the hash-tag rule protects against: the same script over keys of different slots.
      const raw = new Redis.Cluster([{ host: '127.0.0.1', port: cluster.ports[0] ?? 0 }]);
      try {
        await expect(raw.eval('return 1', 2, 'a-key', 'another-key')).rejects.toThrow(/CROSSSLOT/);
      } finally {
        raw.disconnect();
      }
    } finally {
      await store.close();
    }
  });
});
