/**
 * Fetches one candle block from the exchange (kline-range.ts) and writes it to the cache. Identical
 * fetches in flight at the same time (from any number of concurrent operations) share one upstream
 * request: 100 concurrent identical cold queries cost the exchange one klines call.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore } from '../store/store.js';
import { candleFromRow } from './candle.js';
import { blockCacheKey, blockSpanMs, serializeBlock, type BlockKey, type CandleBlock } from './candle-blocks.js';
import { fetchKlineRange } from './kline-range.js';

export interface CandleBlockFetcherOptions {
  exchange: BinanceClient;
  store: KeyValueStore;
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
    const end = key.start + blockSpanMs(key.interval);
    const rows = await fetchKlineRange(exchange, { ...key, from: key.start, to: end - 1, now: exchange.clock.now() });
    const now = exchange.clock.now();
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
}
