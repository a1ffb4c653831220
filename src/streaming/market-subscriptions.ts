/**
 * Live market data for subscribers beyond candles: order books, trades and tickers, each relayed from
 * the one instance that holds the symbol's upstream stream (relayed-streams.ts) to one hub per symbol
 * on every instance with subscribers. Books: every depth from one hub, the newest book at once and
 * after every change of it (book-hub.ts); trades: every one, in exchange order (trade-hub.ts);
 * tickers: the newest at once and at every update (ticker-hub.ts). It also says which live book or
 * ticker this instance holds, for queries answered from it.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import type { OrderBook } from '../market-data/order-book.js';
import type { BookVersion, OrderBookView } from '../market-data/order-book-view.js';
import type { MarketSnapshots } from '../market-data/market-snapshots.js';
import type { Ticker } from '../market-data/ticker.js';
import type { TradePrint } from '../market-data/trade.js';
import type { Logger } from '../observability/logger.js';
import { UpstreamUnavailableError } from '../schema/errors.js';
import type { Locks, PubSub } from '../store/store.js';
import { bookChannel } from './book-channel.js';
import { BookHub } from './book-hub.js';
import { BookRelayFeed } from './book-relay-feed.js';
import type { ChannelHub, SymbolHubOptions } from './channel-hub.js';
import { asIs, HubSubscription } from './hub-subscription.js';
import type { Lease, LocalFeeds } from './local-feeds.js';
import { encodeTicker, encodeTrade, tickerChannel, tradesChannel } from './market-channels.js';
import { depthStreamName, tickerStreamName, tradeStreamName } from './market-events.js';
import { RelayedStreams, type HubLease, type RelayedStreamsDeps, type RelayHub, type RelaySpec } from './relayed-streams.js';
import { SourceRelayFeed, type FollowableSource } from './source-relay-feed.js';
import type { Feed } from './stream-leadership.js';
import type { StreamingSettings } from './streaming-settings.js';
import { TickerHub } from './ticker-hub.js';
import { TradeHub } from './trade-hub.js';

export interface MarketSubscriptionsDeps {
  store: Locks & PubSub;
  instanceId: string;
  settings: Pick<StreamingSettings, 'lockTtlMs' | 'graceMs' | 'maxPendingTrades'>;
  feeds: LocalFeeds;
  exchange: Pick<MarketDataClient, 'historicalTrades'>;
  /** Tickers over REST (shared with queries), for a ticker hub's first one. */
  snapshots: Pick<MarketSnapshots, 'tickersOf'>;
  logger: Logger;
}

export type BookSubscription = HubSubscription<BookHub, BookVersion, OrderBookView>;
export type TradeSubscription = HubSubscription<TradeHub, TradePrint, TradePrint>;
export type TickerSubscription = HubSubscription<TickerHub, Ticker, Ticker>;

export class MarketSubscriptions {
  private readonly books: RelayedStreams<BookHub>;
  private readonly trades: RelayedStreams<TradeHub>;
  private readonly tickers: RelayedStreams<TickerHub>;

  constructor(private readonly deps: MarketSubscriptionsDeps) {
    const { store, instanceId, settings, logger } = deps;
    const relay = (component: string): RelayedStreamsDeps => ({
      store,
      instanceId,
      lockTtlMs: settings.lockTtlMs,
      graceMs: settings.graceMs,
      logger: logger.child({ component }),
    });
    this.books = new RelayedStreams(relay('book-stream'));
    this.trades = new RelayedStreams(relay('trade-stream'));
    this.tickers = new RelayedStreams(relay('ticker-stream'));
  }

  /** The book of `symbol` (the exchange's spelling) at `depth` (validated by the caller), at once and after each change. */
  orderBook(symbol: string, depth: number): BookSubscription {
    let sent: OrderBookView | undefined;
    return this.subscription(this.books, this.bookSpec(symbol), (version: BookVersion) => {
      // A change deeper than this subscriber looks is no change to it.
      if (sent && version.unchangedSince(sent, depth)) return undefined;
      sent = version.view(depth);
      return sent;
    });
  }

  /** Every trade of `symbol` from the next one on, in exchange order. */
  tradeTape(symbol: string): TradeSubscription {
    return this.subscription(this.trades, this.tradeSpec(symbol), asIs);
  }

  /** The ticker of `symbol` at once and at every update. */
  ticker(symbol: string): TickerSubscription {
    return this.subscription(this.tickers, this.tickerSpec(symbol), asIs);
  }

  /** A live book of `symbol` this instance holds in sync, if any: its own from the exchange, or its relayed copy. */
  liveBook(symbol: string): OrderBook | undefined {
    return this.deps.feeds.heldOrderBook(symbol)?.liveBook ?? this.books.peek(depthStreamName(symbol))?.liveBook;
  }

  /** The newest ticker of `symbol` this instance holds from a live stream, if any. */
  liveTicker(symbol: string): Ticker | undefined {
    return this.deps.feeds.heldTicker(symbol)?.latest ?? this.tickers.peek(tickerStreamName(symbol))?.latest;
  }

  stats(): Record<'books' | 'trades' | 'tickers', { streams: number; subscribers: number; holding: number }> {
    return { books: this.books.stats(), trades: this.trades.stats(), tickers: this.tickers.stats() };
  }

  async close(): Promise<void> {
    await Promise.all([this.books.close(), this.trades.close(), this.tickers.close()]);
  }

  private subscription<H extends ChannelHub<T>, T, Out>(
    streams: RelayedStreams<H>,
    spec: RelaySpec<H>,
    select: (item: T) => Out | undefined,
  ): HubSubscription<H, T, Out> {
    let lease: HubLease<H> | undefined;
    return new HubSubscription<H, T, Out>({
      open: () => {
        lease = streams.acquire(spec);
        return lease.hub;
      },
      close: () => lease?.release(),
      select,
    });
  }

  private bookSpec(symbol: string): RelaySpec<BookHub> {
    const { store, feeds } = this.deps;
    return this.relay(symbol, depthStreamName(symbol), bookChannel(symbol), 'book', {
      hub: (options) => new BookHub(options),
      feed: (logger) => new BookRelayFeed({ symbol, store, feeds, logger }).start(),
    });
  }

  private tradeSpec(symbol: string): RelaySpec<TradeHub> {
    const { exchange, feeds, settings } = this.deps;
    const channel = tradesChannel(symbol);
    return this.relay(symbol, tradeStreamName(symbol), channel, 'trade', {
      hub: (options) => new TradeHub({ ...options, exchange, maxPendingTrades: settings.maxPendingTrades }),
      feed: (logger) => this.sourceFeed(channel, () => feeds.trades(symbol), encodeTrade, logger),
    });
  }

  private tickerSpec(symbol: string): RelaySpec<TickerHub> {
    const { snapshots, feeds } = this.deps;
    const channel = tickerChannel(symbol);
    const loadTicker = async (): Promise<Ticker> => (await snapshots.tickersOf([symbol]))[0] as Ticker;
    return this.relay(symbol, tickerStreamName(symbol), channel, 'ticker', {
      hub: (options) => new TickerHub({ ...options, loadTicker }),
      feed: (logger) => this.sourceFeed(channel, () => feeds.tickers(symbol), encodeTicker, logger),
      prepare: (hub) => hub.seed(),
    });
  }

  /** The parts every relayed stream of a symbol shares; `kind` names it in logs and errors. */
  private relay<H extends RelayHub>(
    symbol: string,
    stream: string,
    channel: string,
    kind: string,
    parts: { hub: (options: SymbolHubOptions) => H; feed: (logger: Logger) => Feed; prepare?: (hub: H) => Promise<void> },
  ): RelaySpec<H> {
    const { store } = this.deps;
    const logger = this.deps.logger.child({ component: `${kind}-stream`, symbol });
    return {
      stream,
      channel,
      createHub: (onReleased) => parts.hub({ symbol, stream, channel, store, logger, onReleased }),
      startFeed: () => parts.feed(logger),
      prepare: parts.prepare,
      startFailure: () => new UpstreamUnavailableError(`The live ${kind} stream could not start; try again.`),
    };
  }

  private sourceFeed<T>(channel: string, lease: () => Lease<FollowableSource<T>>, encode: (item: T) => string, logger: Logger): Feed {
    return new SourceRelayFeed({ channel, lease, encode, store: this.deps.store, logger }).start();
  }
}
