/**
 * Live candles for subscribers: one hub per (symbol, interval) on this instance, however many
 * subscribers it has, relayed from the one instance that holds the upstream kline stream
 * (relayed-streams.ts): the holder runs the feed (stream-feed.ts) that writes the live block to the
 * cache and publishes on the stream's channel, and every hub delivers from there.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import type { MarketStreamManager } from '../exchange/market-stream-manager.js';
import type { CandleBlockFetcher } from '../market-data/candle-block-fetcher.js';
import type { ParsedBlockCache } from '../market-data/candle-block-loader.js';
import type { Interval } from '../market-data/intervals.js';
import type { Logger } from '../observability/logger.js';
import { UpstreamUnavailableError } from '../schema/errors.js';
import type { KeyValueStore, Locks, PubSub, SlidingWindows } from '../store/store.js';
import { candleChannel } from './candle-channel.js';
import { loadBlock, loadClosedHistory, loadLatestCandle, type HistoryDeps } from './candle-history.js';
import { CandleHub } from './candle-hub.js';
import { candleSubscription, type CandleSubscription } from './candle-subscription.js';
import { fetchClosedBars } from './closed-bar-backfill.js';
import { klineStreamName } from './kline-events.js';
import { RelayedStreams, type HubLease, type RelaySpec } from './relayed-streams.js';
import { StreamFeed } from './stream-feed.js';
import type { StreamingSettings } from './streaming-settings.js';

export interface CandleStreamServiceDeps {
  settings: StreamingSettings & {
    /** TTL of a closed candle block in the cache, ms. */
    closedCandleTtlMs: number;
    /** How often the forming bar is written to the cache, ms (its block's TTL). */
    formingCandleTtlMs: number;
  };
  store: KeyValueStore & Locks & PubSub & SlidingWindows;
  exchange: BinanceClient;
  /** The instance's market-stream connections, shared with every other stream consumer. */
  manager: MarketStreamManager;
  fetcher: CandleBlockFetcher;
  parsedBlocks: ParsedBlockCache;
  logger: Logger;
  /** This instance's name in the stream locks. */
  instanceId: string;
}

export type { CandleStreamItem } from './candle-subscription.js';

export class CandleStreamService {
  private readonly streams: RelayedStreams<CandleHub>;
  private closed = false;

  constructor(private readonly deps: CandleStreamServiceDeps) {
    const { store, instanceId, settings, logger } = deps;
    this.streams = new RelayedStreams({
      store,
      instanceId,
      lockTtlMs: settings.lockTtlMs,
      graceMs: settings.graceMs,
      logger: logger.child({ component: 'candle-stream' }),
    });
  }

  /**
   * The candles of one stream for one subscriber: with `since`, first every closed bar from there,
   * then live. The symbol must be validated (the exchange's spelling) and `since` bounded by the caller.
   */
  subscribe(symbol: string, interval: Interval, since?: number): CandleSubscription {
    let lease: HubLease<CandleHub> | undefined;
    return candleSubscription({
      open: () => {
        if (this.closed) throw new Error('the candle stream service is closed');
        lease = this.streams.acquire(this.spec(symbol, interval));
        return lease.hub;
      },
      close: () => lease?.release(),
      interval,
      since,
      loadHistory: (from) => loadClosedHistory(this.historyDeps(), symbol, interval, from),
      fetchClosed: (from, before) => fetchClosedBars(this.deps.exchange, symbol, interval, from, before),
    });
  }

  /** Hubs, their subscribers, and the streams this instance holds upstream (tests, benchmarks). */
  stats(): { streams: number; subscribers: number; holding: number } {
    return this.streams.stats();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.streams.close();
  }

  private spec(symbol: string, interval: Interval): RelaySpec<CandleHub> {
    const { settings, store, exchange, logger } = this.deps;
    const stream = klineStreamName(symbol, interval);
    const channel = candleChannel(symbol, interval);
    const log = logger.child({ component: 'candle-stream', stream });
    return {
      stream,
      channel,
      createHub: (onReleased) =>
        new CandleHub({
          stream,
          interval,
          channel,
          store,
          logger: log,
          fetchClosed: (from, before) => fetchClosedBars(exchange, symbol, interval, from, before),
          loadLatest: () => loadLatestCandle(this.historyDeps(), symbol, interval),
          maxPendingClosed: settings.maxPendingClosed,
          onReleased,
        }),
      prepare: (hub) => hub.seed(),
      startFeed: (hub) => {
        const feed = new StreamFeed({
          symbol,
          interval,
          stream,
          channel,
          manager: this.deps.manager,
          exchange,
          loadBlock: (key) => loadBlock(this.historyDeps(), key),
          store,
          logger: log,
          closedTtlMs: settings.closedCandleTtlMs,
          formingWriteEveryMs: settings.formingCandleTtlMs,
          expectedOpen: hub.expectedOpen,
        });
        feed.start();
        return feed;
      },
      startFailure: () => new UpstreamUnavailableError('The live candle stream could not start; try again.'),
    };
  }

  private historyDeps(): HistoryDeps {
    const { store, fetcher, parsedBlocks, logger, exchange } = this.deps;
    return { store, fetcher, parsed: parsedBlocks, logger, now: () => exchange.clock.now() };
  }
}
