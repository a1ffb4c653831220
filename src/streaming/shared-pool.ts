/**
 * Things this instance shares by key (an upstream feed of a symbol, a stream's hub), counted by their
 * users and closed a grace period after the last one leaves, so that a user who comes back at once (a
 * client reconnecting, a subscription replaced by another) finds it still there and the exchange sees
 * no UNSUBSCRIBE and SUBSCRIBE. A new one for a key whose previous one is still closing is created
 * with that closing's promise, so that it can wait for it (a pub/sub channel or a lock released first).
 */

export interface Pooled {
  close(): Promise<void> | void;
}

interface Entry<V> {
  value: V;
  refs: number;
  grace: NodeJS.Timeout | undefined;
}

export class SharedPool<V extends Pooled> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly closing = new Map<string, Promise<void>>();
  private closed = false;

  /** @param graceMs how long a value stays after its last user left, ms */
  constructor(private readonly graceMs: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The values held now. */
  values(): V[] {
    return [...this.entries.values()].map((entry) => entry.value);
  }

  /** The value held under `key`, if any, without taking a reference. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** The value under `key` (created when absent), with one more reference; release() gives it back. */
  acquire(key: string, create: (previousClosed: Promise<void>) => V): V {
    if (this.closed) throw new Error('the pool is closed');
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { value: create(this.closing.get(key) ?? Promise.resolve()), refs: 0, grace: undefined };
      this.entries.set(key, entry);
    }
    clearTimeout(entry.grace);
    entry.grace = undefined;
    entry.refs++;
    return entry.value;
  }

  /** Gives back one reference; the last one starts the grace period. */
  release(key: string, value: V): void {
    const entry = this.entries.get(key);
    if (!entry || entry.value !== value) return;
    entry.refs--;
    if (entry.refs > 0 || this.closed) return;
    clearTimeout(entry.grace);
    entry.grace = setTimeout(() => {
      if (entry.refs === 0) void this.discard(key, value);
    }, this.graceMs);
  }

  /** Closes the value now, whoever still holds it (it failed, say); the next acquire creates a new one. */
  discard(key: string, value: V): Promise<void> {
    const entry = this.entries.get(key);
    if (entry?.value === value) {
      clearTimeout(entry.grace);
      this.entries.delete(key);
    }
    const done = Promise.resolve()
      .then(() => value.close())
      // A value's close reports its own trouble; what waits here only needs it to be over.
      .catch(() => undefined)
      .finally(() => {
        if (this.closing.get(key) === done) this.closing.delete(key);
      });
    this.closing.set(key, done);
    return done;
  }

  /** Closes every value, and waits for those still closing. */
  async close(): Promise<void> {
    this.closed = true;
    const closing = [...this.entries].map(([key, entry]) => this.discard(key, entry.value));
    await Promise.all([...closing, ...this.closing.values()]);
  }
}
