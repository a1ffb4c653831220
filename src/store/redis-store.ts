/**
 * The Redis Store: state shared by every gateway instance on one Redis (a server, a Sentinel-watched
 * master, or a Cluster: redis-connection.ts). Each multi-step operation is one Lua script
 * (registered with `defineCommand`), so it is atomic across instances; the sliding window reads the
 * Redis server's clock, so instances with skewed clocks still agree.
 *
 * On a Cluster, a multi-key script or transaction must stay in one slot: `transact` refuses keys
 * without one shared hash tag (key-slot.ts), and mget/mset, whose keys are independent, become
 * per-key commands that ioredis pipelines per node. Behind Sentinel, a transaction is acknowledged
 * only once `waitReplicas` replicas have it (WAIT), so a failover that promotes one loses no
 * acknowledged write; one not confirmed in time fails with STORE_UNAVAILABLE, its outcome unknown
 * (a paper trade's clientOrderId makes its retry safe).
 *
 * When Redis is down, calls reject quickly with a StoreError('STORE_UNAVAILABLE') instead of
 * queueing, so callers can fall back; the connections reconnect on their own with capped back-off.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReplyError, type Result } from 'ioredis';
import type { Logger } from '../observability/logger.js';
import { assertOneSlot } from './key-slot.js';
import { openRedisConnection, quitRedis, type RedisClient } from './redis-connection.js';
import { describeRedisTarget, type RedisTarget } from './redis-target.js';
import { defaultTombstonesKept, StoreError, type MessageHandler, type Store, type TransactResult } from './store.js';
import { createRedisRecords } from './redis-records.js';

export interface RedisStoreOptions {
  /** Where to connect (config/redis-url.ts parses REDIS_URL into this); its password is never logged. */
  target?: RedisTarget;
  /** Shorthand for `target: { mode: 'standalone', url }` (a redis:// or rediss:// URL). */
  url?: string;
  logger: Logger;
  /** Prepended to every key and channel, so several deployments can share one Redis. @default 'gw:' */
  keyPrefix?: string;
  /** How long one command may take before it rejects (Redis slow or unreachable), ms. @default 2000 */
  commandTimeoutMs?: number;
  /** Longest pause between two reconnection attempts, ms. @default 2000 */
  maxReconnectDelayMs?: number;
  /** Deletions each record collection keeps for its followers. @default defaultTombstonesKept (10 000) */
  tombstonesKept?: number;
}

/** Attempts of one transact before it gives up with STORE_CONFLICT. */
const MAX_TRANSACT_ATTEMPTS = 50;
/** Upper bound of the random pause between two transact attempts, ms. */
const MAX_TRANSACT_BACKOFF_MS = 40;
/** How long the master's count of connected replicas is reused (Sentinel mode), ms. */
const REPLICA_COUNT_TTL_MS = 500;


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

export function createRedisStore(options: RedisStoreOptions): Store {
  const keyPrefix = options.keyPrefix ?? 'gw:';
  const commandTimeout = options.commandTimeoutMs ?? 2_000;
  const maxReconnectDelayMs = options.maxReconnectDelayMs ?? 2_000;
  const tombstonesKept = options.tombstonesKept ?? defaultTombstonesKept;
  for (const [name, value] of Object.entries({ commandTimeoutMs: commandTimeout, maxReconnectDelayMs, tombstonesKept })) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`createRedisStore: ${name} must be a positive integer, received ${String(value)}`);
    }
  }
  if (keyPrefix.includes('{') || keyPrefix.includes('}')) {
    throw new TypeError(`createRedisStore: keyPrefix must not contain braces (it would become every key's hash tag), received "${keyPrefix}"`);
  }
  const target: RedisTarget | undefined = options.target ?? (options.url !== undefined ? { mode: 'standalone', url: options.url } : undefined);
  if (target === undefined) throw new TypeError('createRedisStore: pass target or url');
  const logger = options.logger.child({ redis: describeRedisTarget(target) });
  const cluster = target.mode === 'cluster';
  let closing = false;

  const connect = (role: 'commands' | 'subscriber'): RedisClient =>
    openRedisConnection(target, { keyPrefix, commandTimeout, maxReconnectDelayMs }, role, logger, () => closing);

  const commands = connect('commands');
  /** The subscriber connection: created on first subscribe, since a subscribed connection can do nothing else. */
  let subscriber: RedisClient | undefined;

  /** Replicas the master reports connected, re-read at most every REPLICA_COUNT_TTL_MS. */
  let connectedReplicas = { count: 0, readAt: 0 };
  async function replicasConnected(): Promise<number> {
    if (Date.now() - connectedReplicas.readAt > REPLICA_COUNT_TTL_MS) {
      const info = await guarded(commands.info('replication'));
      connectedReplicas = { count: Number(/connected_slaves:(\d+)/.exec(info)?.[1] ?? 0), readAt: Date.now() };
    }
    return connectedReplicas.count;
  }

  /**
   * Behind Sentinel: resolves once the replicas have every write made so far on this connection
   * (WAIT), `waitReplicas` of them, or all there are when fewer are connected. A master with no
   * replica has none for Sentinel to promote, so no failover can lose its writes (right after a
   * failover the new master has none until the old one returns as its replica).
   */
  async function replicated(what: string): Promise<void> {
    if (target?.mode !== 'sentinel' || target.waitReplicas === 0) return;
    const needed = Math.min(target.waitReplicas, await replicasConnected());
    if (needed === 0) return;
    const acknowledged = await guarded(commands.wait(needed, target.waitTimeoutMs));
    if (acknowledged < needed) {
      connectedReplicas.readAt = 0;
      throw new StoreError(
        'STORE_UNAVAILABLE',
        `${what}: written, but ${acknowledged} of ${needed} replicas confirmed it within ${target.waitTimeoutMs} ms; a failover could lose it`,
      );
    }
  }

  /** Per channel (unprefixed): its handlers and the SUBSCRIBE that makes it active. */
  const channels = new Map<string, { subscriptions: Set<{ handler: MessageHandler }>; active: Promise<unknown> }>();

  function subscriberConnection(): RedisClient {
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
    ...createRedisRecords(commands, guarded, tombstonesKept),

    get: (key) => guarded(commands.get(key)),

    async mget(keys) {
      if (keys.length === 0) return [];
      // On a Cluster the keys may span slots: one GET each, pipelined per node by ioredis.
      if (cluster) return guarded(Promise.all(keys.map((key) => commands.get(key))));
      return guarded(commands.mget(...keys));
    },

    async set(key, value, ttlMs) {
      await guarded(ttlMs === undefined ? commands.set(key, value) : commands.set(key, value, 'PX', ttlMs));
    },

    async mset(entries) {
      if (entries.length === 0) return;
      if (cluster) {
        const set = ({ key, value, ttlMs }: (typeof entries)[number]) =>
          ttlMs === undefined ? commands.set(key, value) : commands.set(key, value, 'PX', ttlMs);
        await guarded(Promise.all(entries.map(set)));
        return;
      }
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
      assertOneSlot('transact', keys);
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
        if ((await guarded(commands.storeCommit(keys.length, ...keys, ...seen, ...indexedWrites))) === 1) {
          await replicated(`transact on ${keys.join(', ')}`);
          return result;
        }
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
      await Promise.all([commands, subscriber].filter((redis) => redis !== undefined).map(quitRedis));
    },
  };
}
