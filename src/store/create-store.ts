/**
 * Picks the Store backend from configuration: Redis when a URL is set (state shared by every
 * gateway instance), otherwise the in-process store (one instance only, state lost on restart).
 */
import type { Logger } from '../observability/logger.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { Store } from './store.js';

export interface CreateStoreOptions {
  /** Unset: the in-process store. */
  redisUrl: string | undefined;
  logger: Logger;
}

export function createStore(options: CreateStoreOptions): Store {
  const logger = options.logger.child({ component: 'store' });
  if (options.redisUrl !== undefined && options.redisUrl !== '') {
    return createRedisStore({ url: options.redisUrl, logger });
  }
  logger.info('no REDIS_URL: using the in-process store (not shared between gateway instances)');
  return createMemoryStore({ logger });
}
