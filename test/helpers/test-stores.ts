/**
 * Both store backends for tests. One real redis-server per test file, started on first use; each
 * created Redis store gets its own key prefix, so tests do not see each other's keys (pass the same
 * prefix to make two gateway instances share state).
 */
import { randomUUID } from 'node:crypto';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { createLogger } from '../../src/observability/logger.js';
import { startRedisServer, type TestRedisServer } from './redis-server.js';

export type StoreKind = 'memory' | 'redis';
export const storeKinds: StoreKind[] = ['memory', 'redis'];

export class TestStores {
  private redis: Promise<TestRedisServer> | undefined;
  private readonly created: Store[] = [];

  /** The redis-server of this file (started on first call). */
  redisServer(): Promise<TestRedisServer> {
    this.redis ??= startRedisServer();
    return this.redis;
  }

  async create(kind: StoreKind, options: { keyPrefix?: string; tombstonesKept?: number } = {}): Promise<Store> {
    let store: Store;
    if (kind === 'memory') store = createMemoryStore({ tombstonesKept: options.tombstonesKept });
    else {
      const server = await this.redisServer();
      store = createRedisStore({
        url: server.url,
        logger: createLogger('silent'),
        keyPrefix: options.keyPrefix ?? `t${randomUUID().slice(0, 8)}:`,
        tombstonesKept: options.tombstonesKept,
      });
    }
    this.created.push(store);
    return store;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.created.splice(0).map((s) => s.close()));
    if (this.redis) await (await this.redis).stop();
    this.redis = undefined;
  }
}
