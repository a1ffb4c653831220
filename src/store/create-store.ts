/**
 * Picks the Store backend from configuration: Redis when REDIS_URL is set (one server, Sentinel or
 * Cluster; state shared by every gateway instance), otherwise the in-process store (one instance
 * only, state lost on restart).
 */
import type { Logger } from '../observability/logger.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { RedisTarget } from './redis-target.js';
import type { Store } from './store.js';

export interface CreateStoreOptions {
  /** Unset: the in-process store. */
  redis: RedisTarget | undefined;
  logger: Logger;
}

export function createStore(options: CreateStoreOptions): Store {
  const logger = options.logger.child({ component: 'store' });
  if (options.redis !== undefined) return createRedisStore({ target: options.redis, logger });
  logger.info('no REDIS_URL: using the in-process store (not shared between gateway instances)');
  return createMemoryStore({ logger });
}
