/**
 * The upstream half of one candle stream, run by the one instance holding it: exchange events →
 * sequencer (REST backfill of gaps) → the cached live block → the stream's pub/sub channel, where
 * every instance's hub (this one's included) picks them up. Events wait until the live block has been
 * read, because that block says where the sequence stands (unless a previous holder's does).
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import type { MarketStreamManager } from '../exchange/market-stream-manager.js';
import type { Candle } from '../market-data/candle.js';
import type { BlockKey, CandleBlock } from '../market-data/candle-blocks.js';
import type { Interval } from '../market-data/intervals.js';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore, PubSub } from '../store/store.js';
import { encodeCandle } from './candle-channel.js';
import { CandleSequencer } from './candle-sequencer.js';
import { fetchClosedBars } from './closed-bar-backfill.js';
import { parseKlineEvent } from './kline-events.js';
import { LiveCandleBlock } from './live-candle-block.js';

/** An event time this far ahead of our idea of the exchange's clock means our offset is stale. */
const clockDriftToleranceMs = 1_000;

export interface StreamFeedOptions {
  symbol: string;
  interval: Interval;
  stream: string;
  channel: string;
  manager: MarketStreamManager;
  exchange: BinanceClient;
  loadBlock: (key: BlockKey) => Promise<CandleBlock>;
  store: KeyValueStore & PubSub;
  logger: Logger;
  closedTtlMs: number;
  formingWriteEveryMs: number;
  /** Open time of the next bar due closed, when a previous holder got that far (a takeover). */
  expectedOpen: number | undefined;
}

export class StreamFeed {
  private readonly sequencer: CandleSequencer;
  private readonly block: LiveCandleBlock;
  private stopped = false;
  private readonly listener = (data: unknown): void => this.onEvent(data);
  private ready: Promise<void> = Promise.resolve();
  private readonly pending: Candle[] = [];
  private flushing = false;

  constructor(private readonly options: StreamFeedOptions) {
    const { symbol, interval, exchange, logger } = options;
    this.block = new LiveCandleBlock({
      symbol,
      interval,
      store: options.store,
      loadBlock: options.loadBlock,
      logger,
      closedTtlMs: options.closedTtlMs,
      formingWriteEveryMs: options.formingWriteEveryMs,
    });
    this.sequencer = new CandleSequencer({
      interval,
      fetchClosed: async (from, before) => {
        const bars = await fetchClosedBars(exchange, symbol, interval, from, before);
        logger.info({ stream: options.stream, from, before, bars: bars.length }, 'backfilled bars that closed during a gap');
        return bars;
      },
      emit: (candle) => this.emit(candle),
      onGapLost: (from, before, error) =>
        logger.error({ err: error, stream: options.stream, from, before }, 'could not backfill a gap in the stream'),
    });
  }

  start(): void {
    const { expectedOpen, exchange } = this.options;
    this.ready = this.block.seed(exchange.clock.now()).then((fromBlock) => {
      this.sequencer.startAt(expectedOpen ?? fromBlock);
    });
    this.options.manager.subscribe(this.options.stream, this.listener);
  }

  stop(): void {
    this.stopped = true;
    this.sequencer.stop();
    this.options.manager.unsubscribe(this.options.stream, this.listener);
  }

  private onEvent(data: unknown): void {
    const event = parseKlineEvent(data);
    if (!event) {
      this.options.logger.warn({ stream: this.options.stream }, 'market-stream event is not a kline; dropped');
      return;
    }
    const { clock } = this.options.exchange;
    if (event.eventTime > clock.now() + clockDriftToleranceMs) {
      clock.sync().catch((error: unknown) => this.options.logger.warn({ err: error }, 'server time resync failed'));
    }
    // then() callbacks run in the order they were added, so events keep their order.
    void this.ready.then(() => this.sequencer.push(event.candle));
  }

  /**
   * Candles leave in batches: whatever the sequencer emitted while the previous batch was being
   * written goes out next, in order, after one cache write (closed bars reach the cache before any
   * subscriber hears of them).
   */
  private emit(candle: Candle): void {
    if (this.stopped) return;
    this.pending.push(candle);
    if (!this.flushing) void this.flush();
  }

  private async flush(): Promise<void> {
    // Set and cleared in the same turns as the checks of `pending`, so no candle is left behind.
    this.flushing = true;
    try {
      while (this.pending.length > 0 && !this.stopped) await this.send(this.pending.splice(0));
    } finally {
      this.flushing = false;
    }
  }

  private async send(batch: Candle[]): Promise<void> {
    const { store, channel, stream, logger } = this.options;
    try {
      await this.block.apply(batch);
    } catch (error) {
      logger.warn({ err: error, stream }, 'live candle block not updated');
    }
    // One connection keeps the order of the publishes; they need not wait for each other.
    await Promise.all(
      batch.map((candle) =>
        store.publish(channel, encodeCandle(candle)).catch((error: unknown) => {
          logger.warn({ err: error, stream }, 'candle publish failed');
        }),
      ),
    );
  }
}
