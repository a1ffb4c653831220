/**
 * The upstream half of a relayed order book, run by the instance that holds it: this instance's
 * local book of the symbol (order-book-source.ts, shared with every other use here) published on the
 * book's channel: each diff it applied, and its book after each rebuild and whenever a follower asks
 * (requests that arrive together are answered by one snapshot). Because diffs and snapshots leave in
 * the order the book saw them, a follower can rebuild from the snapshot and continue with the diffs
 * after it, as from the exchange's own.
 */
import type { Logger } from '../observability/logger.js';
import type { PubSub } from '../store/store.js';
import { bookChannel, bookRequestChannel, encodeDiff, encodeSnapshot } from './book-channel.js';
import type { Lease, LocalFeeds } from './local-feeds.js';
import type { BookChange, OrderBookSource } from './order-book-source.js';
import { snapshotDepth } from './order-book-source.js';
import type { Feed } from './stream-leadership.js';

export interface BookRelayFeedOptions {
  symbol: string;
  store: PubSub;
  feeds: LocalFeeds;
  logger: Logger;
}

export class BookRelayFeed implements Feed {
  private lease: Lease<OrderBookSource> | undefined;
  private unfollow: (() => void) | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private snapshotDue = false;
  private stopped = false;

  constructor(private readonly options: BookRelayFeedOptions) {}

  start(): this {
    const { symbol, store, feeds, logger } = this.options;
    this.lease = feeds.orderBook(symbol);
    this.unfollow = this.lease.source.follow((change) => this.onChange(change));
    store
      .subscribe(bookRequestChannel(symbol), () => this.publishSnapshot())
      .then((unsubscribe) => {
        if (this.stopped) void unsubscribe();
        else this.unsubscribe = unsubscribe;
      })
      .catch((error: unknown) => logger.warn({ err: error, symbol }, 'book requests not heard; followers rebuild from the snapshots after rebuilds'));
    // Taking over a book already in sync here: the followers need its state.
    if (this.lease.source.liveBook) this.publishSnapshot();
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.unfollow?.();
    void this.unsubscribe?.();
    this.lease?.release();
  }

  private onChange(change: BookChange): void {
    if (change.diff) this.publish(encodeDiff(change.diff));
    else this.publishSnapshot();
  }

  /** On the next turn, so that a burst of requests costs one snapshot; taken then, in order with the diffs. */
  private publishSnapshot(): void {
    if (this.snapshotDue || this.stopped) return;
    this.snapshotDue = true;
    setImmediate(() => {
      this.snapshotDue = false;
      const book = this.lease?.source.liveBook;
      if (book && !this.stopped) this.publish(encodeSnapshot(book.snapshot(snapshotDepth)));
    });
  }

  private publish(message: string): void {
    const { store, symbol, logger } = this.options;
    store.publish(bookChannel(symbol), message).catch((error: unknown) => logger.warn({ err: error, symbol }, 'book publish failed'));
  }
}
