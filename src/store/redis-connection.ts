/**
 * Opens the Redis store's connections to a RedisTarget: one server, a Sentinel-watched master
 * (ioredis asks the Sentinels where the master is whenever it reconnects: a dead master's socket
 * closes, and a demoted one answers READONLY, which makes the connection reconnect) or a
 * Cluster (ioredis follows the slot map and its redirections; auto-pipelining batches the
 * per-key commands a multi-slot read becomes). Each connection logs its life at levels an
 * operator wants, with the password never in a line.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { recordScripts } from './redis-records.js';
import { scripts } from './redis-scripts.js';
import type { RedisTarget } from './redis-target.js';

/** A connection of either kind: the store uses what both have. */
export type RedisClient = Redis | Cluster;

export interface RedisConnectionSettings {
  keyPrefix: string;
  commandTimeout: number;
  maxReconnectDelayMs: number;
}

/**
 * Logs a connection's life at levels an operator wants: losing Redis warns once, the failed
 * attempts while it stays down are debug noise, getting it back is info.
 */
function logConnectionEvents(redis: RedisClient, logger: Logger, isClosing: () => boolean): void {
  let up = false;
  let lastError: string | undefined;
  redis.on('connect', () => logger.debug('redis connected'));
  redis.on('ready', () => {
    // Until the first ready, commands wait in the offline queue, so start-up order does not matter.
    // After it, a lost connection makes calls fail at once and callers fall back instead of hanging.
    redis.options.enableOfflineQueue = false;
    up = true;
    lastError = undefined;
    logger.info('redis ready');
  });
  redis.on('error', (error: Error) => {
    // The same error repeats on every reconnection attempt; warn once per distinct error.
    if (error.message === lastError) logger.debug({ err: error }, 'redis connection error (again)');
    else logger.warn({ err: error }, 'redis connection error');
    lastError = error.message;
  });
  redis.on('close', () => {
    if (isClosing()) logger.debug('redis connection closed');
    else if (up) logger.warn('redis connection lost; calls fail until it is back');
    else logger.debug('redis connection attempt failed');
    up = false;
  });
  redis.on('reconnecting', (delayMs: number) => logger.debug({ delayMs }, 'redis reconnecting'));
  redis.on('end', () => logger.debug('redis connection ended'));
}

/** One connection to the target, with the store's scripts defined on it. */
export function openRedisConnection(
  target: RedisTarget,
  settings: RedisConnectionSettings,
  role: 'commands' | 'subscriber',
  logger: Logger,
  isClosing: () => boolean,
): RedisClient {
  const reconnectDelay = (attempt: number): number => Math.min(100 * 2 ** (attempt - 1), settings.maxReconnectDelayMs);
  const common: RedisOptions = {
    commandTimeout: settings.commandTimeout,
    // Request paths must fail, not wait for Redis to come back: a command is retried once at most.
    maxRetriesPerRequest: 1,
    connectionName: `gateway-${role}`,
  };
  let redis: RedisClient;
  if (target.mode === 'standalone') {
    redis = new Redis(target.url, { ...common, keyPrefix: settings.keyPrefix, retryStrategy: reconnectDelay });
  } else if (target.mode === 'sentinel') {
    redis = new Redis({
      ...common,
      keyPrefix: settings.keyPrefix,
      retryStrategy: reconnectDelay,
      sentinels: target.sentinels,
      name: target.masterName,
      role: 'master',
      db: target.db,
      username: target.username,
      password: target.password,
      sentinelPassword: target.sentinelPassword,
      sentinelRetryStrategy: reconnectDelay,
      // A master demoted by a failover stays up as a replica and refuses writes: ask the Sentinels
      // again. (ioredis's failoverDetector does this too, but left connections dead in a crash
      // failover under load, about one run in five of test/operations/sentinel-failover.test.ts.)
      reconnectOnError: (error) => error.message.startsWith('READONLY'),
      ...(target.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
    });
  } else {
    const options: ClusterOptions = {
      keyPrefix: settings.keyPrefix,
      scaleReads: 'master',
      enableAutoPipelining: true,
      clusterRetryStrategy: reconnectDelay,
      redisOptions: {
        ...common,
        username: target.username,
        password: target.password,
        ...(target.tls ? { tls: {} } : {}),
      },
    };
    redis = new Cluster(target.nodes, options);
  }
  logConnectionEvents(redis, logger.child({ connection: role }), isClosing);
  for (const [name, script] of Object.entries({ ...scripts, ...recordScripts })) redis.defineCommand(name, script);
  return redis;
}

export async function quitRedis(redis: RedisClient): Promise<void> {
  if (redis.status !== 'ready') return redis.disconnect();
  await redis.quit().then(
    () => undefined,
    () => redis.disconnect(),
  );
}
