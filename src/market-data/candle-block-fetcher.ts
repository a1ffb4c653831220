/**
 * Fetches one candle block from the exchange, page by page, and writes it to the cache. Identical
 * fetches in flight at the same time (from any number of concurrent operations) share one upstream
 * request: 100 concurrent identical cold queries cost the exchange one klines call.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import type { KlineRow } from '../exchange/binance-schemas.js';
import type { Logger } from '../observability/logger.js';
import type { Store } from '../store/store.js';
import { candleFromRow } from './candle.js';
import { blockCacheKey, blockSpanMs, klinesPageSize, serializeBlock, type BlockKey, type CandleBlock } from './candle-blocks.js';
import { intervals } from './intervals.js';

export interface CandleBlockFetcherOptions {
  exchange: BinanceClient;
  store: Store;
  logger: Logger;
  /** TTL of a complete block, ms. */
  closedTtlMs: number;
  /** TTL of the block holding the forming bar, ms. */
  formingTtlMs: number;
}

export class CandleBlockFetcher {
  private readonly inFlight = new Map<string, Promise<CandleBlock>>();

  constructor(private readonly options: CandleBlockFetcherOptions) {}

  /** The block from the exchange; joins an identical fetch already under way. */
  fetch(key: BlockKey): Promise<CandleBlock> {
    const cacheKey = blockCacheKey(key);
    let pending = this.inFlight.get(cacheKey);
    if (!pending) {
      pending = this.fetchAndCache(key, cacheKey).finally(() => this.inFlight.delete(cacheKey));
      this.inFlight.set(cacheKey, pending);
    }
    return pending;
  }

  private async fetchAndCache(key: BlockKey, cacheKey: string): Promise<CandleBlock> {
    const { exchange } = this.options;
    await exchange.clock.ensureFresh();
    const rows = await this.fetchRows(key);
    const now = exchange.clock.now();
    const end = key.start + blockSpanMs(key.interval);
    const candles = rows.map((row) => candleFromRow(row, now));
    const complete = end <= now && candles.every((c) => c.closed);
    const block: CandleBlock = { start: key.start, end, candles, complete };
    try {
      await this.options.store.set(
        cacheKey,
        serializeBlock(block),
        complete ? this.options.closedTtlMs : this.options.formingTtlMs,
      );
    } catch (error) {
      this.options.logger.warn({ err: error, cacheKey }, 'candle cache write failed; serving uncached');
    }
    return block;
  }

  /**
   * Pages through the block by lastOpenTime + 1. A short page is no proof of the end (holes from
   * exchange downtime are real), so it stops only when no further bar can open inside the block:
   * an empty page, the block's end reached, or the forming bar reached.
   */
  private async fetchRows(key: BlockKey): Promise<KlineRow[]> {
    const { exchange } = this.options;
    const spec = intervals[key.interval];
    const endInclusive = key.start + blockSpanMs(key.interval) - 1;
    const rows: KlineRow[] = [];
    let cursor = key.start;
    if (cursor > exchange.clock.now()) return rows;
    for (;;) {
      const page = await exchange.klines({
        symbol: key.symbol,
        interval: spec.binance,
        startTime: cursor,
        endTime: endInclusive,
        limit: klinesPageSize,
      });
      for (const row of page) {
        const last = rows.at(-1);
        // De-duplicate at page seams by open time; keep only this block's bars.
        if (row[0] >= key.start && row[0] <= endInclusive && (!last || row[0] > last[0])) rows.push(row);
      }
      const lastOpen = page.at(-1)?.[0];
      if (lastOpen === undefined) break;
      const nextPossibleOpen = lastOpen + spec.minMs;
      if (nextPossibleOpen > endInclusive || nextPossibleOpen > exchange.clock.now()) break;
      cursor = lastOpen + 1;
    }
    return rows;
  }
}
