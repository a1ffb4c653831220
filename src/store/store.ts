/**
 * All shared state, split by capability: key-value (the candle cache, records), sliding windows
 * (rate limits), budgets (the exchange weight ledger), transactions (paper ledgers), locks,
 * pub/sub and record collections (API keys, exchange credentials). Two backends (in-process and Redis) implement all of it and pass the same test suite;
 * each consumer takes the narrow interface it needs, and none knows which backend it has.
 *
 * Every multi-step update is a single atomic operation here, because several gateway instances
 * may share one Redis: a read-then-write in the caller would race.
 */

/** Outcome of {@link Store.hitWindow}. */
export interface WindowHit {
  /** Whether this hit was counted (false: the window is full and nothing was recorded). */
  allowed: boolean;
  /** Hits left in the window after this one. */
  remaining: number;
  /** When allowed is false: milliseconds until a slot frees up. Otherwise 0. */
  retryAfterMs: number;
}

/** Outcome of {@link Store.reserveBudget}. */
export interface BudgetReservation {
  /** Whether the amount was added (false: it would have passed the limit; nothing was added). */
  ok: boolean;
  /** The budget used in the window after this call. */
  used: number;
  /** Milliseconds until the window's counter expires. */
  resetInMs: number;
}

/** A change computed by a {@link Store.transact} callback. */
export interface TransactResult<R> {
  /** New values for some of the keys read (JSON strings); keys not named are left as they are. */
  writes: Record<string, string>;
  /** What transact resolves to once the writes are committed. */
  result: R;
}

export type MessageHandler = (message: string) => void;

/** Plain string values under keys, optionally expiring (the candle cache, records). */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip; the result has the keys' order and length. */
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Sets a value; ttlMs omitted means no expiry. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Several values in one round trip. */
  mset(entries: readonly { key: string; value: string; ttlMs?: number }[]): Promise<void>;
  /** Sets the value only when the key does not exist (SET NX). True when it was set. */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  del(key: string): Promise<void>;
}

/** Sliding-window counters (client rate limits, the connection-attempt budget). */
export interface SlidingWindows {
  /**
   * Counts one hit under `key` when fewer than `max` hits happened in the last `windowMs`,
   * atomically. A refused hit is not recorded.
   */
  hitWindow(key: string, max: number, windowMs: number): Promise<WindowHit>;
  /** Hits left in the window, without counting one. */
  peekWindow(key: string, max: number, windowMs: number): Promise<number>;
}

/** Fixed-window budgets (the exchange weight ledger). */
export interface Budgets {
  /**
   * Adds `amount` to the counter at `key` when the total stays within `limit`, atomically. The
   * counter expires `windowMs` after its first use.
   */
  reserveBudget(key: string, amount: number, limit: number, windowMs: number): Promise<BudgetReservation>;
  /** Raises the counter at `key` to at least `value` (what the exchange reported), never lowers it. */
  raiseBudget(key: string, value: number, windowMs: number): Promise<void>;
  /** The counter's current value (0 when absent). */
  readBudget(key: string): Promise<number>;
}

/** Atomic read-modify-write of several documents (paper ledgers, live-order records). */
export interface Transactions {
  /**
   * Optimistic transaction over string documents: reads `keys`, calls `compute` with their values
   * (null where absent), then commits its writes only if none of the keys changed meanwhile;
   * otherwise runs `compute` again. `compute` must be pure: it may run more than once. Throwing
   * from it aborts with nothing written. Several keys must share one hash tag (`doc:{tag}:…`,
   * key-slot.ts) so they stay in one Redis Cluster slot; otherwise it throws CrossSlotKeysError.
   */
  transact<R>(keys: readonly string[], compute: (values: (string | null)[]) => TransactResult<R>): Promise<R>;
}

/** Leases that elect one holder among instances (who holds an upstream stream). */
export interface Locks {
  /** Takes the lock when free or already ours; true when we hold it for `ttlMs` from now. */
  acquireLock(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Frees the lock if `owner` holds it. */
  releaseLock(key: string, owner: string): Promise<void>;
}

/** Messages between instances (candle relays). */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(channel: string, handler: MessageHandler): Promise<() => Promise<void>>;
}

/** One change of a record, as {@link RecordCollections.changedRecords} reports it. */
export interface RecordChange {
  id: string;
  /** The record now; null when it was deleted. */
  value: string | null;
  /** The collection's revision at this change: every write or delete of the collection takes the next one. */
  revision: number;
}

/** A condition on a record's current value, checked atomically with the write. */
export type RecordCondition =
  /** Write only when no record has this id. */
  | { ifAbsent: true }
  /** Write (or delete) only when the record holds exactly this value (compare-and-set). */
  | { ifValue: string };

/**
 * Named collections of records (id → string) that are kept until deleted (never evicted) and that a
 * reader can follow change by change: every write and delete takes the collection's next revision,
 * and {@link changedRecords} lists what changed after a revision, so an instance keeping a copy in
 * memory (the API keys) resyncs in one cheap call when nothing changed, whatever the collection's size.
 */
export interface RecordCollections {
  readRecord(collection: string, id: string): Promise<string | null>;
  /** Several records in one round trip, in the ids' order, null where absent. */
  readRecords(collection: string, ids: readonly string[]): Promise<(string | null)[]>;
  /** Writes the record; returns the revision it took, or null when `condition` did not hold (nothing written). */
  writeRecord(collection: string, id: string, value: string, condition?: RecordCondition): Promise<number | null>;
  /** Deletes the record; returns the revision it took, or null when there was none (or `condition` did not hold). */
  deleteRecord(collection: string, id: string, condition?: { ifValue: string }): Promise<number | null>;
  /**
   * Up to `limit` records whose last change came after `afterRevision` (0: every record, and the
   * deletions not yet forgotten), oldest change first, each with the revision of that change.
   * Paging on: call again with the last revision returned.
   */
  changedRecords(collection: string, afterRevision: number, limit: number): Promise<RecordChange[]>;
  /**
   * A deletion is kept (as a change with a null value) for readers following the collection, but
   * not forever: past the newest `tombstonesKept` of a collection (a store option) the oldest are
   * forgotten, so a collection whose records come and go (open paper orders) stays the size of
   * what is in it. This is the newest revision of a forgotten deletion (0: none). A reader that had
   * read only up to a revision below it may have missed a deletion: it reads the collection again
   * from 0 and drops what it holds that is not there (RecordFollower does).
   */
  deletionsForgottenThrough(collection: string): Promise<number>;
}

/** Deletions each record collection keeps for its followers (RecordCollections.deletionsForgottenThrough). */
export const defaultTombstonesKept = 10_000;

/** The backend as a whole: is it there, and letting it go. */
export interface StoreLifecycle {
  /** True when the backend answers (Redis PING); used by /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Every capability, as a backend implements them; consumers ask for the narrow ones they use. */
export interface Store extends KeyValueStore, SlidingWindows, Budgets, Transactions, Locks, PubSub, RecordCollections, StoreLifecycle {}

/**
 * A store call failed in a way callers handle: the backend did not answer in time or is down
 * (STORE_UNAVAILABLE: fall back, e.g. serve from the exchange), or a transaction kept losing races
 * (STORE_CONFLICT: try again later). The cause is kept but not enumerable, so logging stays short.
 */
export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_UNAVAILABLE' | 'STORE_CONFLICT',
    message: string,
    cause?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}
