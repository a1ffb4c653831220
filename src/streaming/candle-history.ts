/**
 * Reads for subscribers, through the same cache as queries (a fresh loader per read, as per
 * request): the closed bars since a point (for resuming subscribers), the newest bar (the first
 * event of a new stream), and a whole block (the live block's starting point).
 */
import type { Candle } from '../market-data/candle.js';
import type { CandleBlockFetcher } from '../market-data/candle-block-fetcher.js';
import { createCandleBlockLoader, type ParsedBlockCache } from '../market-data/candle-block-loader.js';
import type { BlockKey, CandleBlock } from '../market-data/candle-blocks.js';
import { maxCandlesPerField } from '../market-data/candle-limits.js';
import { loadCandleRange } from '../market-data/candle-range.js';
import { intervals, type Interval } from '../market-data/intervals.js';
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore } from '../store/store.js';

/** How far back `since` may reach, in bars (the contract's largest `limit`). */
export const maxSinceBars = maxCandlesPerField;

export interface HistoryDeps {
  store: KeyValueStore;
  fetcher: CandleBlockFetcher;
  parsed: ParsedBlockCache;
  logger: Logger;
  /** The exchange's clock. */
  now: () => number;
}

function rangeDeps(deps: HistoryDeps) {
  const loader = createCandleBlockLoader({ store: deps.store, fetcher: deps.fetcher, parsed: deps.parsed, logger: deps.logger });
  return { loader, now: deps.now };
}

/** Closed bars opening at or after `since`, ascending. */
export async function loadClosedHistory(deps: HistoryDeps, symbol: string, interval: Interval, since: number): Promise<Candle[]> {
  const span = Math.max(0, deps.now() - since);
  const limit = Math.min(maxSinceBars, Math.floor(span / intervals[interval].minMs) + 1);
  const candles = await loadCandleRange(rangeDeps(deps), { symbol, interval, limit, start: since });
  return candles.filter((c) => c.closed && c.openTime >= since);
}

/** The newest bar (usually the forming one), or undefined when the symbol has none. */
export async function loadLatestCandle(deps: HistoryDeps, symbol: string, interval: Interval): Promise<Candle | undefined> {
  const [latest] = await loadCandleRange(rangeDeps(deps), { symbol, interval, limit: 1 });
  return latest;
}

export function loadBlock(deps: HistoryDeps, key: BlockKey): Promise<CandleBlock> {
  return rangeDeps(deps).loader.load(key);
}
