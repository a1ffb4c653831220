/**
 * The upstream half of a relayed trade tape or ticker, run by the instance that holds it: this
 * instance's source of the symbol (local-feeds.ts, shared with every other use here) published item
 * by item, in order, on the stream's channel.
 */
import type { Logger } from '../observability/logger.js';
import type { PubSub } from '../store/store.js';
import type { Lease } from './local-feeds.js';
import type { Feed } from './stream-leadership.js';

/** What the feed needs of a source. */
export interface FollowableSource<T> {
  follow(follower: (item: T) => void): () => void;
}

export interface SourceRelayFeedOptions<T> {
  channel: string;
  /** Takes the source (a lease, given back on stop). */
  lease: () => Lease<FollowableSource<T>>;
  encode: (item: T) => string;
  store: PubSub;
  logger: Logger;
}

export class SourceRelayFeed<T> implements Feed {
  private lease: Lease<FollowableSource<T>> | undefined;
  private unfollow: (() => void) | undefined;

  constructor(private readonly options: SourceRelayFeedOptions<T>) {}

  start(): this {
    const { store, channel, encode, logger } = this.options;
    this.lease = this.options.lease();
    this.unfollow = this.lease.source.follow((item) => {
      // One connection keeps the publishes in order; they need not wait for each other.
      store.publish(channel, encode(item)).catch((error: unknown) => logger.warn({ err: error, channel }, 'relay publish failed'));
    });
    return this;
  }

  stop(): void {
    this.unfollow?.();
    this.lease?.release();
  }
}
