/**
 * The Redis Store: state shared by every gateway instance on one Redis. Each multi-step operation
 * is one Lua script (registered with `defineCommand`), so it is atomic across instances; the
 * sliding window reads the Redis server's clock, so instances with skewed clocks still agree.
 *
 * When Redis is down, calls reject quickly with a StoreError('STORE_UNAVAILABLE') instead of
 * queueing, so callers can fall back; the connections reconnect on their own with capped back-off.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, ReplyError, type Result } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { StoreError, type MessageHandler, type Store, type TransactResult } from './store.js';
import { createRedisRecords, recordScripts } from './redis-records.js';
import { scripts } from './redis-scripts.js';

export interface RedisStoreOptions {
  /** redis:// or rediss:// URL. Its password is never logged. */
  url: string;
  logger: Logger;
  /** Prepended to every key and channel, so several deployments can share one Redis. @default 'gw:' */
  keyPrefix?: string;
  /** How long one command may take before it rejects (Redis slow or unreachable), ms. @default 2000 */
  commandTimeoutMs?: number;
  /** Longest pause between two reconnection attempts, ms. @default 2000 */
  maxReconnectDelayMs?: number;
}

/** Attempts of one transact before it gives up with STORE_CONFLICT. */
const MAX_TRANSACT_ATTEMPTS = 50;
/** Upper bound of the random pause between two transact attempts, ms. */
const MAX_TRANSACT_BACKOFF_MS = 40;


declare module 'ioredis' {
  interface RedisCommander<Context> {
    storeHitWindow(key: string, max: number, windowMs: number, member: string): Result<[number, number, number], Context>;
    storePeekWindow(key: string, max: number, windowMs: number): Result<number, Context>;
    storeReserveBudget(
      key: string,
      amount: number,
      limit: number,
      windowMs: number,
    ): Result<[number, number, number], Context>;
    storeRaiseBudget(key: string, value: number, windowMs: number): Result<number, Context>;
    storeAcquireLock(key: string, owner: string, ttlMs: number): Result<number, Context>;
    storeReleaseLock(key: string, owner: string): Result<number, Context>;
    /** numberOfKeys, then the keys, then the ARGV described on the script. */
    storeCommit(numberOfKeys: number, ...keysThenArgs: (string | number)[]): Result<number, Context>;
  }
}

/** The URL with its password masked, for logs. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable redis url]';
  }
}

/**
 * Maps a failed call to what callers can act on. A ReplyError is Redis refusing what we sent (a
 * bug here, e.g. WRONGTYPE), not an outage: it is passed on as it is.
 */
function toStoreError(error: unknown): unknown {
  if (error instanceof ReplyError || error instanceof StoreError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreError('STORE_UNAVAILABLE', `Redis did not answer: ${reason}`, error);
}

function guarded<T>(call: Promise<T>): Promise<T> {
  return call.catch((error: unknown) => {
    throw toStoreError(error);
  });
}

/**
 * Logs a connection's life at levels an operator wants: losing Redis warns once, the failed
 * attempts while it stays down are debug noise, getting it back is info.
 */
function logConnectionEvents(redis: Redis, logger: Logger, isClosing: () => boolean): void {
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

async function quit(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') return redis.disconnect();
  await redis.quit().catch(() => redis.disconnect());
}

export function createRedisStore(options: RedisStoreOptions): Store {
  const keyPrefix = options.keyPrefix ?? 'gw:';
  const commandTimeout = options.commandTimeoutMs ?? 2_000;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2_000;
  for (const [name, value] of Object.entries({ commandTimeoutMs: commandTimeout, maxReconnectDelayMs })) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`createRedisStore: ${name} must be a positive integer, received ${String(value)}`);
    }
  }
  const logger = options.logger.child({ redis: redactedUrl(options.url) });
  let closing = false;

  function connect(role: 'commands' | 'subscriber'): Redis {
    const redis = new Redis(options.url, {
      keyPrefix,
      commandTimeout,
      // Request paths must fail, not wait for Redis to come back: a command is retried once at most.
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(100 * 2 ** (attempt - 1), maxReconnectDelayMs),
      connectionName: `gateway-${role}`,
    });
    logConnectionEvents(redis, logger.child({ connection: role }), () => closing);
    for (const [name, script] of Object.entries({ ...scripts, ...recordScripts })) redis.defineCommand(name, script);
    return redis;
  }

  const commands = connect('commands');
  /** The subscriber connection: created on first subscribe, since a subscribed connection can do nothing else. */
  let subscriber: Redis | undefined;
  /** Per channel (unprefixed): its handlers and the SUBSCRIBE that makes it active. */
  const channels = new Map<string, { subscriptions: Set<{ handler: MessageHandler }>; active: Promise<unknown> }>();

  function subscriberConnection(): Redis {
    if (subscriber !== undefined) return subscriber;
    const connection = connect('subscriber');
    // ioredis prefixes keys, not channels: the prefix is added and stripped here.
    connection.on('message', (prefixedChannel: string, message: string) => {
      const channel = prefixedChannel.slice(keyPrefix.length);
      for (const subscription of [...(channels.get(channel)?.subscriptions ?? [])]) {
        try {
          subscription.handler(message);
        } catch (error) {
          logger.error({ err: error, channel }, 'pub/sub handler threw');
        }
      }
    });
    subscriber = connection;
    return connection;
  }

  return {
    ...createRedisRecords(commands, guarded),

    get: (key) => guarded(commands.get(key)),

    mget: async (keys) => (keys.length === 0 ? [] : guarded(commands.mget(...keys))),

    async set(key, value, ttlMs) {
      await guarded(ttlMs === undefined ? commands.set(key, value) : commands.set(key, value, 'PX', ttlMs));
    },

    async mset(entries) {
      if (entries.length === 0) return;
      const batch = commands.multi();
      for (const { key, value, ttlMs } of entries) {
        if (ttlMs === undefined) batch.set(key, value);
        else batch.set(key, value, 'PX', ttlMs);
      }
      await guarded(batch.exec());
    },

    async setIfAbsent(key, value, ttlMs) {
      const reply = await guarded(
        ttlMs === undefined ? commands.set(key, value, 'NX') : commands.set(key, value, 'PX', ttlMs, 'NX'),
      );
      return reply === 'OK';
    },

    async del(key) {
      await guarded(commands.del(key));
    },

    async hitWindow(key, max, windowMs) {
      const [allowed, remaining, retryAfterMs] = await guarded(commands.storeHitWindow(key, max, windowMs, randomUUID()));
      return { allowed: allowed === 1, remaining, retryAfterMs };
    },

    peekWindow: (key, max, windowMs) => guarded(commands.storePeekWindow(key, max, windowMs)),

    async reserveBudget(key, amount, limit, windowMs) {
      const [ok, used, resetInMs] = await guarded(commands.storeReserveBudget(key, amount, limit, windowMs));
      return { ok: ok === 1, used, resetInMs };
    },

    async raiseBudget(key, value, windowMs) {
      await guarded(commands.storeRaiseBudget(key, value, windowMs));
    },

    async readBudget(key) {
      return Number((await guarded(commands.get(key))) ?? 0);
    },

    /**
     * Optimistic: MGET, compute, then a script commits only if every key still holds what was read.
     * The value itself is the version, so transact keys stay plain strings that get/mget can read.
     * (A value that changed and changed back is no conflict: compute is pure, so its result from
     * that value is still right.) Losers retry after a random pause, which spreads out contenders.
     */
    async transact<R>(keys: readonly string[], compute: (values: (string | null)[]) => TransactResult<R>) {
      for (let attempt = 1; ; attempt++) {
        const values = keys.length === 0 ? [] : await guarded(commands.mget(...keys));
        const { writes, result } = compute(values);
        const indexedWrites = Object.entries(writes).flatMap(([key, value]) => {
          const index = keys.indexOf(key);
          if (index < 0) throw new Error(`transact: wrote "${key}", which is not among the keys read`);
          return [index + 1, value];
        });
        // Nothing to write: the MGET was one atomic snapshot, so the result stands as it is.
        if (indexedWrites.length === 0) return result;
        const seen = values.map((value) => (value === null ? '0' : `1${value}`));
        if ((await guarded(commands.storeCommit(keys.length, ...keys, ...seen, ...indexedWrites))) === 1) return result;
        if (attempt >= MAX_TRANSACT_ATTEMPTS) {
          throw new StoreError('STORE_CONFLICT', `transact on ${keys.join(', ')}: still conflicting after ${attempt} attempts`);
        }
        await sleep(Math.random() * Math.min(MAX_TRANSACT_BACKOFF_MS, 2 ** attempt));
      }
    },

    async acquireLock(key, owner, ttlMs) {
      return (await guarded(commands.storeAcquireLock(key, owner, ttlMs))) === 1;
    },

    async releaseLock(key, owner) {
      await guarded(commands.storeReleaseLock(key, owner));
    },

    async publish(channel, message) {
      await guarded(commands.publish(keyPrefix + channel, message));
    },

    async subscribe(channel, handler) {
      const subscription = { handler };
      let state = channels.get(channel);
      if (state === undefined) {
        state = { subscriptions: new Set(), active: subscriberConnection().subscribe(keyPrefix + channel) };
        channels.set(channel, state);
      }
      const current = state;
      const forget = (): boolean => {
        current.subscriptions.delete(subscription);
        if (current.subscriptions.size > 0 || channels.get(channel) !== current) return false;
        channels.delete(channel);
        return true;
      };
      current.subscriptions.add(subscription);
      try {
        await guarded(current.active);
      } catch (error) {
        forget();
        throw error;
      }
      return async () => {
        if (forget()) await guarded(subscriberConnection().unsubscribe(keyPrefix + channel));
      };
    },

    async ping() {
      return commands.ping().then(
        (reply) => reply === 'PONG',
        () => false,
      );
    },

    async close() {
      closing = true;
      channels.clear();
      await Promise.all([commands, subscriber].filter((redis) => redis !== undefined).map(quit));
    },
  };
}
