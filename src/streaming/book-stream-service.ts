/**
 * Live order books for subscribers (Subscription.orderBook): one hub per symbol on this instance for
 * every subscriber of every depth, relayed from the one instance that holds the symbol's diff stream
 * (relayed-streams.ts; the holder's feed: book-relay-feed.ts). Each subscriber gets the book at its
 * depth at once, then after every change of it; books it had no time to read are replaced by newer
 * ones. It also says which live book this instance holds, for queries answered from it.
 */
import type { OrderBook } from '../market-data/order-book.js';
import { sameLevels, type BookVersion, type OrderBookView } from '../market-data/order-book-view.js';
import type { Logger } from '../observability/logger.js';
import { UpstreamUnavailableError } from '../schema/errors.js';
import type { Locks, PubSub } from '../store/store.js';
import { bookChannel } from './book-channel.js';
import { BookHub } from './book-hub.js';
import { BookRelayFeed } from './book-relay-feed.js';
import { HubSubscription } from './hub-subscription.js';
import type { LocalFeeds } from './local-feeds.js';
import { depthStreamName } from './market-events.js';
import { RelayedStreams, type HubLease, type RelaySpec } from './relayed-streams.js';
import type { StreamingSettings } from './streaming-settings.js';

export interface BookStreamServiceDeps {
  store: Locks & PubSub;
  instanceId: string;
  settings: Pick<StreamingSettings, 'lockTtlMs' | 'graceMs'>;
  feeds: LocalFeeds;
  logger: Logger;
}

export type BookSubscription = HubSubscription<BookHub, BookVersion, OrderBookView>;

export class BookStreamService {
  private readonly streams: RelayedStreams<BookHub>;

  constructor(private readonly deps: BookStreamServiceDeps) {
    const { store, instanceId, settings, logger } = deps;
    this.streams = new RelayedStreams({ store, instanceId, lockTtlMs: settings.lockTtlMs, graceMs: settings.graceMs, logger: logger.child({ component: 'book-stream' }) });
  }

  /** The book of `symbol` (the exchange's spelling) at `depth` (validated by the caller), at once and after each change. */
  subscribe(symbol: string, depth: number): BookSubscription {
    let lease: HubLease<BookHub> | undefined;
    let sent: OrderBookView | undefined;
    return new HubSubscription<BookHub, BookVersion, OrderBookView>({
      open: () => {
        lease = this.streams.acquire(this.spec(symbol));
        return lease.hub;
      },
      close: () => lease?.release(),
      // A change deeper than this subscriber looks is no change to it.
      select: (version) => {
        const view = version.view(depth);
        if (sent && sameLevels(sent, view)) return undefined;
        sent = view;
        return view;
      },
    });
  }

  /** A live book of `symbol` this instance holds in sync, if any: its own from the exchange, or its relayed copy. */
  liveBook(symbol: string): OrderBook | undefined {
    return this.deps.feeds.heldOrderBook(symbol)?.liveBook ?? this.streams.peek(depthStreamName(symbol))?.liveBook;
  }

  stats(): { streams: number; subscribers: number; holding: number } {
    return this.streams.stats();
  }

  close(): Promise<void> {
    return this.streams.close();
  }

  private spec(symbol: string): RelaySpec<BookHub> {
    const { store, feeds, logger } = this.deps;
    const stream = depthStreamName(symbol);
    const channel = bookChannel(symbol);
    const log = logger.child({ component: 'book-stream', symbol });
    return {
      stream,
      channel,
      createHub: (onReleased) => new BookHub({ symbol, stream, channel, store, logger: log, onReleased }),
      startFeed: () => {
        const feed = new BookRelayFeed({ symbol, store, feeds, logger: log });
        feed.start();
        return feed;
      },
      startFailure: () => new UpstreamUnavailableError('The live order book could not start; try again.'),
    };
  }
}
