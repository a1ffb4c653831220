/**
 * How candles are cached: in blocks of one exchange page (`klinesPageSize` bars of the interval's
 * shortest length), aligned to multiples of the block span. A block whose bars are all closed never
 * changes and is kept for good; the block holding the forming bar lives a few seconds. A query
 * touching several blocks fetches only the ones missing.
 */
import { intervals, type Interval } from './intervals.js';
import { fromCached, toCached, type CachedCandle, type Candle } from './candle.js';

/** Bars in one exchange page, and so in one block. */
export const klinesPageSize = 1000;

export interface BlockKey {
  symbol: string;
  interval: Interval;
  /** Inclusive start of the block, ms. */
  start: number;
}

export interface CandleBlock {
  start: number;
  /** Exclusive end of the block, ms. */
  end: number;
  /** Bars whose open time falls in [start, end), ascending. */
  candles: Candle[];
  /** Every bar closed and the block's end passed: the block never changes again. */
  complete: boolean;
}

export function blockSpanMs(interval: Interval): number {
  return klinesPageSize * intervals[interval].minMs;
}

export function blockStartFor(interval: Interval, time: number): number {
  const span = blockSpanMs(interval);
  return Math.floor(time / span) * span;
}

export function blockCacheKey(key: BlockKey): string {
  return `candles:${key.symbol}:${intervals[key.interval].binance}:${key.start}`;
}

interface SerializedBlock {
  complete: boolean;
  candles: CachedCandle[];
}

/** The cache's form of a block: compact rows, values as the exchange sent them. */
export function serializeBlock(block: CandleBlock): string {
  const value: SerializedBlock = { complete: block.complete, candles: block.candles.map(toCached) };
  return JSON.stringify(value);
}

export function parseBlock(key: BlockKey, value: string): CandleBlock {
  const parsed = JSON.parse(value) as SerializedBlock;
  return {
    start: key.start,
    end: key.start + blockSpanMs(key.interval),
    candles: parsed.candles.map(fromCached),
    complete: parsed.complete,
  };
}
