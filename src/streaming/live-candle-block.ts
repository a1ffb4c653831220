/**
 * Keeps the cached candle block of a live stream current, so that queries for recent candles cost no
 * REST call while the stream runs. The block holding the forming bar is read once (cache first, else
 * the exchange), then every candle from the stream is merged into it by open time. A cached copy may
 * be a moment old, its last bar shown forming though it has closed since: the feed's sequencer sees
 * that as a gap (the stream is already on the next bar) and the backfilled bar overwrites it.
 *
 * Closed bars are written before anyone is told about them (the feed awaits apply() before it
 * publishes), so a subscriber that resumes from the cache finds every bar it was sent; a burst of
 * closes costs one write. Forming updates are written at most every `formingWriteEveryMs` (they
 * only refresh the short-lived copy), and when a block's last bar closes, the block is written as
 * complete and kept for good.
 *
 * Only the instance holding the upstream stream writes, so there is one writer per block.
 */
import type { Candle } from '../market-data/candle.js';
import { blockCacheKey, blockSpanMs, blockStartFor, serializeBlock, type BlockKey, type CandleBlock } from '../market-data/candle-blocks.js';
import type { Interval } from '../market-data/intervals.js';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore } from '../store/store.js';
import { nextOpenTime } from './bar-times.js';

export interface LiveCandleBlockOptions {
  symbol: string;
  interval: Interval;
  store: KeyValueStore;
  /** A block from the cache, or from the exchange when missing. */
  loadBlock: (key: BlockKey) => Promise<CandleBlock>;
  logger: Logger;
  /** TTL of a complete block, ms. */
  closedTtlMs: number;
  /** Least time between two writes of forming updates, ms; the copy lives three times as long. */
  formingWriteEveryMs: number;
}

export class LiveCandleBlock {
  private block: CandleBlock | undefined;
  private lastFormingWrite = 0;
  /** A closed bar was merged into the current block and not written yet. */
  private unwrittenClose = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: LiveCandleBlockOptions) {}

  /**
   * Reads the block holding `time` ahead of the first candle; resolves to the open time of the next
   * bar due closed according to it (undefined when it has no bars or cannot be read).
   */
  async seed(time: number): Promise<number | undefined> {
    try {
      const last = (await this.blockFor(time)).candles.at(-1);
      if (!last) return undefined;
      return last.closed ? nextOpenTime(this.options.interval, last.openTime) : last.openTime;
    } catch (error) {
      this.options.logger.warn({ err: error }, 'live candle block not read; it will be on the next candle');
      return undefined;
    }
  }

  /**
   * Merges the candles into their blocks, in order, and writes: at once (and awaited) when a bar
   * closed, so a burst of closes costs one write, not one per bar; forming updates at most every
   * `formingWriteEveryMs`, without waiting.
   */
  async apply(candles: readonly Candle[]): Promise<void> {
    for (const candle of candles) {
      const block = await this.blockFor(candle.openTime);
      const list = block.candles;
      let index = list.length;
      while (index > 0 && (list[index - 1] as Candle).openTime > candle.openTime) index--;
      if (list[index - 1]?.openTime === candle.openTime) list[index - 1] = candle;
      else list.splice(index, 0, candle);
      if (!candle.closed) continue;
      block.complete = nextOpenTime(this.options.interval, candle.openTime) >= block.end && list.every((c) => c.closed);
      this.unwrittenClose = true;
    }
    const block = this.block;
    if (!block) return;
    if (this.unwrittenClose) {
      this.unwrittenClose = false;
      await this.write(block);
    } else if (Date.now() - this.lastFormingWrite >= this.options.formingWriteEveryMs) {
      this.lastFormingWrite = Date.now();
      // Not awaited: a forming update must not wait for the store; writes still go out in order.
      void this.write(block);
    }
  }

  /** The block holding `openTime`: the current one, a new empty one right after it, or fetched. */
  private async blockFor(openTime: number): Promise<CandleBlock> {
    const { interval, symbol } = this.options;
    const start = blockStartFor(interval, openTime);
    if (this.block?.start === start) return this.block;
    if (this.block && this.unwrittenClose) {
      this.unwrittenClose = false;
      await this.write(this.block);
    }
    if (this.block && this.block.end === start && this.block.complete) {
      // The stream carried the previous block to its last bar, so it carries this one from its first.
      this.block = { start, end: start + blockSpanMs(interval), candles: [], complete: false };
      return this.block;
    }
    const loaded = await this.options.loadBlock({ symbol, interval, start });
    this.block = { ...loaded, candles: [...loaded.candles] };
    return this.block;
  }

  private write(block: CandleBlock): Promise<void> {
    const { store, symbol, interval, closedTtlMs, formingWriteEveryMs, logger } = this.options;
    const key = blockCacheKey({ symbol, interval, start: block.start });
    const value = serializeBlock(block);
    const ttl = block.complete ? closedTtlMs : formingWriteEveryMs * 3;
    this.writing = this.writing.then(() =>
      store.set(key, value, ttl).catch((error: unknown) => {
        logger.warn({ err: error, key }, 'live candle block write failed; queries will fetch it');
      }),
    );
    return this.writing;
  }
}
