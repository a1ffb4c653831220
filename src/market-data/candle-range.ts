/**
 * Turns an ohlcv request into candle blocks and back into the bars asked for, in order.
 * With start: the oldest `limit` bars from start (up to end), read block by block with a few blocks
 * prefetched, so a @stream client gets the first bars while later pages are still on their way.
 * Without start: the newest `limit` bars up to end (or now), the forming bar last.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Candle } from './candle.js';
import { blockSpanMs, blockStartFor, type CandleBlock } from './candle-blocks.js';
import type { CandleBlockLoader } from './candle-block-loader.js';
import { intervals, type Interval } from './intervals.js';

/** How far ahead of our estimate the exchange's clock may be (a block past it is empty and costs no request). */
const clockToleranceMs = 5000;

export interface CandleRangeRequest {
  symbol: string;
  interval: Interval;
  limit: number;
  start?: number | null | undefined;
  end?: number | null | undefined;
}

export interface CandleRangeDeps {
  loader: CandleBlockLoader;
  /** The exchange's clock. */
  now: () => number;
  /** Blocks requested ahead of the one being delivered. @default 4 */
  prefetchBlocks?: number;
}

/** The bars of the request, a block's worth at a time, in ascending order. */
export async function* candleBatches(deps: CandleRangeDeps, request: CandleRangeRequest): AsyncGenerator<Candle[]> {
  if (request.start === undefined || request.start === null) {
    yield await latestCandles(deps, request);
    return;
  }
  yield* candlesFrom(deps, request, request.start);
}

/** All bars of the request as one array. */
export async function loadCandleRange(deps: CandleRangeDeps, request: CandleRangeRequest): Promise<Candle[]> {
  const all: Candle[] = [];
  for await (const batch of candleBatches(deps, request)) all.push(...batch);
  return all;
}

/**
 * The bars one at a time, for @stream, with a macrotask turn after each block. Why: the executor
 * pulls items as fast as they resolve and keeps one pending record per item, and a prefetched block
 * resolves within microtasks; without the turn it runs ahead over every block before the transport
 * writes a single part, and each of its payload polls races all pending records (measured: the first
 * part of a 20,000-bar range after ~2.5 s, heavy GC). With it, each block leaves as one part.
 */
export async function* streamCandleRange(deps: CandleRangeDeps, request: CandleRangeRequest): AsyncGenerator<Candle> {
  for await (const batch of candleBatches(deps, request)) {
    yield* batch;
    await nextMacrotask();
  }
}

async function* candlesFrom(deps: CandleRangeDeps, request: CandleRangeRequest, start: number): AsyncGenerator<Candle[]> {
  const { symbol, interval } = request;
  const spec = intervals[interval];
  const span = blockSpanMs(interval);
  const stop = Math.min(request.end ?? Number.POSITIVE_INFINITY, deps.now());
  if (start > stop) return;
  const lastPossibleBlock = blockStartFor(interval, stop);
  // Without holes in the data, the range ends here; past it we go on one block at a time.
  const plannedLastBlock = Math.min(lastPossibleBlock, blockStartFor(interval, start + (request.limit - 1) * spec.maxMs));
  const prefetch = deps.prefetchBlocks ?? 4;
  const queue: Promise<CandleBlock>[] = [];
  let nextBlock = blockStartFor(interval, start);
  const enqueue = () => {
    const pending = deps.loader.load({ symbol, interval, start: nextBlock });
    // Handled when its turn comes; until then a rejection must not count as unhandled.
    pending.catch(() => undefined);
    queue.push(pending);
    nextBlock += span;
  };
  const fill = () => {
    while (queue.length < prefetch && nextBlock <= plannedLastBlock) enqueue();
  };
  fill();
  let remaining = request.limit;
  while (remaining > 0) {
    if (queue.length === 0) {
      if (nextBlock > lastPossibleBlock) return;
      enqueue();
    }
    const block = await (queue.shift() as Promise<CandleBlock>);
    fill();
    const inRange = block.candles.filter((c) => c.openTime >= start && c.openTime <= stop);
    const taken = inRange.length > remaining ? inRange.slice(0, remaining) : inRange;
    remaining -= taken.length;
    if (taken.length > 0) yield taken;
  }
}

async function latestCandles(deps: CandleRangeDeps, request: CandleRangeRequest): Promise<Candle[]> {
  const { symbol, interval } = request;
  const spec = intervals[interval];
  const span = blockSpanMs(interval);
  // Our view of the exchange's clock can lag it by a few ms: without an end, the exchange itself is
  // authoritative on which bars exist, so a forming bar that just opened is not cut off.
  const endBound = Math.min(request.end ?? Number.POSITIVE_INFINITY, deps.now() + clockToleranceMs);
  const firstBlock = Math.max(0, blockStartFor(interval, endBound - (request.limit + 1) * spec.maxMs));
  const keys = [];
  for (let blockStart = firstBlock; blockStart <= endBound; blockStart += span) keys.push({ symbol, interval, start: blockStart });
  const blocks = await deps.loader.loadMany(keys);
  const candles: Candle[] = [];
  for (const block of blocks) {
    if (block instanceof Error) throw block;
    for (const candle of block.candles) if (request.end == null || candle.openTime <= request.end) candles.push(candle);
  }
  return candles.length > request.limit ? candles.slice(candles.length - request.limit) : candles;
}
