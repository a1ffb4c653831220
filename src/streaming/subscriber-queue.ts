/**
 * What one subscriber has not read yet, bounded so that a slow reader cannot grow the server's
 * memory. Each kind of stream says how (its QueuePolicy): an item may replace the last one still
 * unread (only the newest state of a thing matters: a forming bar, a book, a ticker), items that
 * cannot be replaced count toward a bound (closed bars, trades), and a reader that lets more than
 * that pile up is ended with a SLOW_CONSUMER error, its backlog freed at once.
 */
import type { GatewayError } from '../schema/errors.js';

export interface QueuePolicy<T> {
  /** Whether `next` replaces `last`, which the reader has not read yet. */
  replaces: (last: T, next: T) => boolean;
  /** How far items that are never replaced may pile up; none where every item replaces the last. */
  bound?: {
    /** Whether the item counts (it is one that is never replaced). */
    counts: (item: T) => boolean;
    /** Counted items a reader may leave unread before it is ended. */
    max: number;
    /** The error that ends a reader past the bound. */
    overflow: (pending: number) => GatewayError;
  };
}

/** Only the newest item matters (a book, a ticker): a slow reader gets the latest, never a backlog. */
export const latestOnly: QueuePolicy<unknown> = { replaces: () => true };

export class SubscriberQueue<T> {
  private items: T[] = [];
  private pending = 0;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private failure: GatewayError | undefined;
  private ended = false;

  /** @param onFailed called once when the queue is ended with an error (detach it). */
  constructor(
    private readonly policy: QueuePolicy<T>,
    private readonly onFailed: (queue: SubscriberQueue<T>, error: GatewayError) => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      this.failWaiting = undefined;
      waiting({ value: item, done: false });
      return;
    }
    const last = this.items.at(-1);
    if (last !== undefined && this.policy.replaces(last, item)) {
      this.items[this.items.length - 1] = item;
    } else {
      this.items.push(item);
    }
    const { bound } = this.policy;
    if (!bound?.counts(item)) return;
    this.pending++;
    if (this.pending > bound.max) this.fail(bound.overflow(this.pending));
  }

  /** The next item; rejects with the error that ended the queue; done once ended. */
  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) {
      const item = this.items.shift() as T;
      if (this.policy.bound?.counts(item)) this.pending--;
      return Promise.resolve({ value: item, done: false });
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  /** Ends the queue: what is queued is still read, then done. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.failWaiting = undefined;
  }

  /** Ends the queue with an error, dropping the backlog: the reader gets the error next. */
  fail(error: GatewayError): void {
    if (this.ended) return;
    this.failure = error;
    this.items = [];
    this.pending = 0;
    this.ended = true;
    this.failWaiting?.(error);
    this.waiting = undefined;
    this.failWaiting = undefined;
    this.onFailed(this, error);
  }
}
