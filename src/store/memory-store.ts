/**
 * The in-process Store, used when no Redis is configured (one gateway instance, state lost on
 * restart). Every operation is atomic because it runs synchronously on the one JS thread: nothing
 * awaits between a read and the write that depends on it, `transact`'s compute included.
 *
 * Memory stays bounded: plain keys are kept in least-recently-used order and evicted past
 * `maxEntries`; expired entries go lazily on read and in a periodic sweep.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from '../observability/logger.js';
import { createMemoryRecords } from './memory-records.js';
import { assertOneSlot } from './key-slot.js';
import { defaultTombstonesKept, type BudgetReservation, type MessageHandler, type Store, type TransactResult, type WindowHit } from './store.js';

export interface MemoryStoreOptions {
  /** Plain keys kept before the least recently used are evicted. @default 50_000 */
  maxEntries?: number;
  /** The clock, in ms since the epoch (tests pass a fake one). @default Date.now */
  now?: () => number;
  /** Where a throwing pub/sub handler is reported. @default none: the error is dropped */
  logger?: Logger;
  /** Deletions each record collection keeps for its followers. @default defaultTombstonesKept (10 000) */
  tombstonesKept?: number;
}

/** How often expired entries, windows, budgets and locks are swept out. */
const SWEEP_INTERVAL_MS = 1_000;

/**
 * Plain keys, least recently used evicted past the bound (lru-cache, two of them). Keys with a TTL
 * are evicted before keys without one: the TTL'd ones are caches (candle blocks) that can be
 * fetched again, the others are records (paper accounts) that cannot. Records are evicted only
 * when they alone pass the bound, because the bound is the promise.
 */
class LruEntries {
  private readonly volatile: LRUCache<string, string>;
  private readonly persistent: LRUCache<string, string>;

  constructor(
    private readonly maxEntries: number,
    now: () => number,
  ) {
    // The store's clock, so tests with a fake clock see TTLs expire as Redis would.
    this.volatile = new LRUCache({ max: maxEntries, ttlAutopurge: false, perf: { now } });
    this.persistent = new LRUCache({ max: maxEntries });
  }

  /** The live value (refreshing its recency), or undefined when absent or expired. */
  read(key: string): string | undefined {
    return this.volatile.get(key) ?? this.persistent.get(key);
  }

  write(key: string, value: string, ttlMs: number | undefined): void {
    this.delete(key);
    if (ttlMs === undefined) this.persistent.set(key, value);
    else this.volatile.set(key, value, { ttl: Math.max(1, ttlMs) });
    while (this.volatile.size + this.persistent.size > this.maxEntries) {
      if ((this.volatile.size > 0 ? this.volatile.pop() : this.persistent.pop()) === undefined) break;
    }
  }

  delete(key: string): void {
    if (!this.volatile.delete(key)) this.persistent.delete(key);
  }

  sweep(): void {
    this.volatile.purgeStale();
  }

  clear(): void {
    this.volatile.clear();
    this.persistent.clear();
  }
}

/** Anything kept until an absolute time (windows, budgets, locks). */
interface Expiring {
  expiresAt: number;
}

function sweepExpired(map: Map<string, Expiring>, now: number): void {
  for (const [key, item] of map) if (item.expiresAt <= now) map.delete(key);
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`createMemoryStore: ${name} must be a positive integer, received ${String(value)}`);
  }
  return value;
}

export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const entries = new LruEntries(positiveInteger('maxEntries', options.maxEntries ?? 50_000), now);
  /** Hit timestamps per key, oldest first; expires windowMs after the newest hit, like the Redis key. */
  // Hits are appended in time order; `head` skips the ones that left the window, so a hit costs
  // amortized O(1) even when a generous limit keeps tens of thousands of hits in the window.
  const windows = new Map<string, Expiring & { hits: number[]; head: number }>();
  const budgets = new Map<string, Expiring & { used: number }>();
  const locks = new Map<string, Expiring & { owner: string }>();
  /** One object per subscribe() call, so the same handler may be subscribed twice. */
  const channels = new Map<string, Set<{ handler: MessageHandler }>>();
  const { records, clear: clearRecords } = createMemoryRecords(positiveInteger('tombstonesKept', options.tombstonesKept ?? defaultTombstonesKept));

  /** Removes an item that has expired, so every reader sees only live ones. */
  function live<T extends Expiring>(map: Map<string, T>, key: string, at: number): T | undefined {
    const item = map.get(key);
    if (item === undefined || item.expiresAt > at) return item;
    map.delete(key);
    return undefined;
  }

  /** The hits still inside the window ending at `at`. */
  /** The key's window with hits older than `windowMs` skipped (a fresh one when absent). */
  function windowAt(key: string, at: number, windowMs: number): Expiring & { hits: number[]; head: number } {
    const record = live(windows, key, at) ?? { hits: [], head: 0, expiresAt: at + windowMs };
    while (record.head < record.hits.length && (record.hits[record.head] as number) <= at - windowMs) record.head++;
    if (record.head > 1024 && record.head * 2 > record.hits.length) {
      record.hits = record.hits.slice(record.head);
      record.head = 0;
    }
    return record;
  }

  const sweep = setInterval(() => {
    const at = now();
    entries.sweep();
    sweepExpired(windows, at);
    sweepExpired(budgets, at);
    sweepExpired(locks, at);
  }, SWEEP_INTERVAL_MS);
  // The sweep only frees memory early; it must never keep the process alive.
  sweep.unref();

    return {
    ...records,

    async get(key) {
      return entries.read(key) ?? null;
    },

    async mget(keys) {
      return keys.map((key) => entries.read(key) ?? null);
    },

    async set(key, value, ttlMs) {
      entries.write(key, value, ttlMs);
    },

    async mset(items) {
      for (const { key, value, ttlMs } of items) entries.write(key, value, ttlMs);
    },

    async setIfAbsent(key, value, ttlMs) {
      if (entries.read(key) !== undefined) return false;
      entries.write(key, value, ttlMs);
      return true;
    },

    async del(key) {
      entries.delete(key);
      windows.delete(key);
      budgets.delete(key);
      locks.delete(key);
    },

    async hitWindow(key, max, windowMs): Promise<WindowHit> {
      const at = now();
      const record = windowAt(key, at, windowMs);
      const count = record.hits.length - record.head;
      if (count < max) {
        record.hits.push(at);
        record.expiresAt = at + windowMs;
        windows.set(key, record);
        return { allowed: true, remaining: max - count - 1, retryAfterMs: 0 };
      }
      record.expiresAt = (record.hits[record.hits.length - 1] ?? at) + windowMs;
      windows.set(key, record);
      const oldest = record.hits[record.head] ?? at;
      return { allowed: false, remaining: 0, retryAfterMs: Math.min(windowMs, Math.max(1, oldest + windowMs - at)) };
    },

    async peekWindow(key, max, windowMs) {
      const record = windowAt(key, now(), windowMs);
      return Math.max(0, max - (record.hits.length - record.head));
    },

    async reserveBudget(key, amount, limit, windowMs): Promise<BudgetReservation> {
      const at = now();
      const budget = live(budgets, key, at);
      const used = budget?.used ?? 0;
      if (used + amount > limit) return { ok: false, used, resetInMs: budget ? budget.expiresAt - at : 0 };
      const next = budget ?? { used: 0, expiresAt: at + windowMs };
      next.used += amount;
      budgets.set(key, next);
      return { ok: true, used: next.used, resetInMs: next.expiresAt - at };
    },

    async raiseBudget(key, value, windowMs) {
      const at = now();
      const budget = live(budgets, key, at);
      if (budget === undefined) budgets.set(key, { used: value, expiresAt: at + windowMs });
      else budget.used = Math.max(budget.used, value);
    },

    async readBudget(key) {
      return live(budgets, key, now())?.used ?? 0;
    },

    async transact<R>(keys: readonly string[], compute: (values: (string | null)[]) => TransactResult<R>) {
      // No slots here, but the same rule as on a Redis Cluster, so a caller breaking it fails in every test.
      assertOneSlot('transact', keys);
      const { writes, result } = compute(keys.map((key) => entries.read(key) ?? null));
      for (const key of Object.keys(writes)) {
        if (!keys.includes(key)) throw new Error(`transact: wrote "${key}", which is not among the keys read`);
      }
      for (const [key, value] of Object.entries(writes)) entries.write(key, value, undefined);
      return result;
    },

    async acquireLock(key, owner, ttlMs) {
      const at = now();
      const lock = live(locks, key, at);
      if (lock !== undefined && lock.owner !== owner) return false;
      locks.set(key, { owner, expiresAt: at + ttlMs });
      return true;
    },

    async releaseLock(key, owner) {
      if (live(locks, key, now())?.owner === owner) locks.delete(key);
    },

    async publish(channel, message) {
      const subscriptions = channels.get(channel);
      if (subscriptions === undefined) return;
      const recipients = [...subscriptions];
      // Delivered later, as Redis would: a handler that publishes is never re-entered mid-publish.
      queueMicrotask(() => {
        for (const subscription of recipients) {
          if (!subscriptions.has(subscription)) continue;
          try {
            subscription.handler(message);
          } catch (error) {
            options.logger?.error({ err: error, channel }, 'pub/sub handler threw');
          }
        }
      });
    },

    async subscribe(channel, handler) {
      const subscription = { handler };
      const subscriptions = channels.get(channel) ?? new Set();
      subscriptions.add(subscription);
      channels.set(channel, subscriptions);
      return async () => {
        subscriptions.delete(subscription);
        if (subscriptions.size === 0 && channels.get(channel) === subscriptions) channels.delete(channel);
      };
    },

    async ping() {
      return true;
    },

    async close() {
      clearInterval(sweep);
      channels.clear();
      entries.clear();
      windows.clear();
      budgets.clear();
      locks.clear();
      clearRecords();
    },
  };
}
