/**
 * Live candles for subscribers: one hub per (symbol, interval) on this instance, however many
 * subscribers it has, reference-counted and closed a grace period after the last one leaves (so a
 * client that reconnects at once does not cost an UNSUBSCRIBE and a SUBSCRIBE). Each hub takes part
 * in the election of the instance that holds the upstream stream (stream-leadership.ts); the holder
 * runs the feed that publishes on the stream's channel, and every hub delivers from there.
 */
import { randomUUID } from 'node:crypto';
import type { BinanceClient } from '../exchange/binance-client.js';
import type { MarketStreamManager } from '../exchange/market-stream-manager.js';
import { klineStreamName } from './kline-events.js';
import type { StreamingSettings } from './streaming-settings.js';
import type { CandleBlockFetcher } from '../market-data/candle-block-fetcher.js';
import type { ParsedBlockCache } from '../market-data/candle-block-loader.js';
import type { Interval } from '../market-data/intervals.js';
import { UpstreamUnavailableError } from '../schema/errors.js';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore, Locks, PubSub, SlidingWindows } from '../store/store.js';
import { candleChannel, releasedMessage, streamLockKey } from './candle-channel.js';
import { CandleHub } from './candle-hub.js';
import { CandleSubscription } from './candle-subscription.js';
import { loadBlock, loadClosedHistory, loadLatestCandle, type HistoryDeps } from './candle-history.js';
import { fetchClosedBars } from './closed-bar-backfill.js';
import { StreamFeed } from './stream-feed.js';
import { StreamLeadership } from './stream-leadership.js';

export interface CandleStreamServiceDeps {
  settings: StreamingSettings & {
    /** BINANCE_WS_URL. */
    wsUrl: string;
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
}

export type { CandleStreamItem } from './candle-subscription.js';

interface StreamEntry {
  symbol: string;
  interval: Interval;
  hub: CandleHub;
  leadership: StreamLeadership;
  /** Resolves once the hub listens and the election has run once. */
  ready: Promise<void>;
  refs: number;
  grace: NodeJS.Timeout | undefined;
}

export class CandleStreamService {
  /** This instance's name in the stream locks. */
  readonly instanceId = randomUUID();
  private readonly entries = new Map<string, StreamEntry>();
  /** Streams being closed; a new hub for one waits for that first. */
  private readonly closing = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly deps: CandleStreamServiceDeps) {}

  /**
   * The candles of one stream for one subscriber: with `since`, first every closed bar from there,
   * then live. The symbol must be validated (the exchange's spelling) and `since` bounded by the caller.
   */
  subscribe(symbol: string, interval: Interval, since?: number): CandleSubscription {
    const stream = klineStreamName(symbol, interval);
    let entry: StreamEntry | undefined;
    return new CandleSubscription({
      // On the first pull: a subscription dropped before it ever started holds no reference.
      open: () => {
        if (this.closed) throw new Error('the candle stream service is closed');
        entry = this.acquire(stream, symbol, interval);
        return entry.hub;
      },
      close: () => {
        if (entry) this.release(stream, entry);
      },
      interval,
      since,
      loadHistory: (from) => loadClosedHistory(this.historyDeps(), symbol, interval, from),
      fetchClosed: (from, before) => fetchClosedBars(this.deps.exchange, symbol, interval, from, before),
    });
  }

  /** Hubs, their subscribers, and the streams this instance holds upstream (tests, benchmarks). */
  stats(): { streams: number; subscribers: number; holding: number } {
    let subscribers = 0;
    let holding = 0;
    for (const entry of this.entries.values()) {
      subscribers += entry.hub.subscriberCount;
      if (entry.leadership.isHolder) holding++;
    }
    return { streams: this.entries.size, subscribers, holding };
  }

  async close(): Promise<void> {
    this.closed = true;
    const closing = [...this.entries].map(([stream, entry]) => this.closeEntry(stream, entry));
    await Promise.all([...closing, ...this.closing.values()]);
  }

  private acquire(stream: string, symbol: string, interval: Interval): StreamEntry {
    let entry = this.entries.get(stream);
    if (!entry) {
      entry = this.createEntry(stream, symbol, interval);
      this.entries.set(stream, entry);
    }
    clearTimeout(entry.grace);
    entry.grace = undefined;
    entry.refs++;
    return entry;
  }

  private release(stream: string, entry: StreamEntry): void {
    entry.refs--;
    if (entry.refs > 0 || this.closed || this.entries.get(stream) !== entry) return;
    entry.grace = setTimeout(() => {
      if (entry.refs === 0) void this.closeEntry(stream, entry);
    }, this.deps.settings.graceMs);
  }

  private closeEntry(stream: string, entry: StreamEntry): Promise<void> {
    clearTimeout(entry.grace);
    if (this.entries.get(stream) === entry) this.entries.delete(stream);
    const done = (async () => {
      await entry.ready.catch(() => undefined);
      await entry.leadership.stop();
      await entry.hub.close();
    })().finally(() => {
      if (this.closing.get(stream) === done) this.closing.delete(stream);
    });
    this.closing.set(stream, done);
    return done;
  }

  private createEntry(stream: string, symbol: string, interval: Interval): StreamEntry {
    const { settings, store, exchange, logger } = this.deps;
    const channel = candleChannel(symbol, interval);
    const log = logger.child({ component: 'candle-stream', stream });
    const hub: CandleHub = new CandleHub({
      stream,
      interval,
      channel,
      store,
      logger: log,
      fetchClosed: (from, before) => fetchClosedBars(exchange, symbol, interval, from, before),
      loadLatest: () => loadLatestCandle(this.historyDeps(), symbol, interval),
      maxPendingClosed: settings.maxPendingClosed,
      onReleased: () => void leadership.tryNow(),
    });
    const leadership: StreamLeadership = new StreamLeadership({
      store,
      logger: log,
      lockKey: streamLockKey(stream),
      instanceId: this.instanceId,
      ttlMs: settings.lockTtlMs,
      onReleased: () => store.publish(channel, releasedMessage),
      startFeed: () => {
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
    });
    const previous = this.closing.get(stream) ?? Promise.resolve();
    const ready = previous.then(async () => {
      await hub.listen();
      await Promise.all([hub.seed(), leadership.start()]);
    });
    const entry: StreamEntry = { symbol, interval, hub, leadership, ready, refs: 0, grace: undefined };
    ready.catch((error: unknown) => {
      // Without its channel the hub would never hear anything: its subscribers end, the next ones start afresh.
      log.error({ err: error }, 'candle stream did not start');
      hub.failAll(new UpstreamUnavailableError('The live candle stream could not start; try again.'));
      void this.closeEntry(stream, entry);
    });
    return entry;
  }

  private historyDeps(): HistoryDeps {
    const { store, fetcher, parsedBlocks, logger, exchange } = this.deps;
    return { store, fetcher, parsed: parsedBlocks, logger, now: () => exchange.clock.now() };
  }
}
