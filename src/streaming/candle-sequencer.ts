/**
 * The sequencer (sequencer.ts) of one candle stream: bars in open-time order with no gap and no
 * duplicate. A forming bar keeps the position of its open time (its updates follow one another); a
 * closed bar moves it to the next bar's open. Bars closed while the stream was away are fetched over
 * REST, and the stream's own closed bar wins over the fetched one where both exist.
 */
import type { Candle } from '../market-data/candle.js';
import type { Interval } from '../market-data/intervals.js';
import { nextOpenTime } from './bar-times.js';
import { Sequencer } from './sequencer.js';

/** Closed bars with fromOpen ≤ openTime < beforeOpen, ascending. */
export type ClosedBarFetcher = (fromOpen: number, beforeOpen: number) => Promise<Candle[]>;

export interface CandleSequencerOptions {
  interval: Interval;
  fetchClosed: ClosedBarFetcher;
  /** Receives the candles in order; awaited before the next one. */
  emit: (candle: Candle) => void | Promise<void>;
  /** The gap could not be filled (after retries); delivery goes on after it. */
  onGapLost(fromOpen: number, beforeOpen: number, error: unknown): void;
  /** Open time of the next bar due closed, when known already (a takeover continues from there). */
  expectedOpen?: number | undefined;
  /** Delays between fill attempts, ms. @default [250, 1000, 3000, 8000] */
  retryDelaysMs?: readonly number[];
}

export class CandleSequencer extends Sequencer<Candle> {
  constructor(options: CandleSequencerOptions) {
    const { interval } = options;
    super({
      rules: {
        position: (candle) => candle.openTime,
        after: (candle) => (candle.closed ? nextOpenTime(interval, candle.openTime) : candle.openTime),
        isFinal: (candle) => candle.closed,
      },
      // A candle stream only fills up to a bar it has seen: the range always has an end.
      fetchRange: (from, before) => options.fetchClosed(from, before ?? from),
      emit: options.emit,
      onGapLost: (from, before, error) => options.onGapLost(from, before ?? from, error),
      expected: options.expectedOpen,
      retryDelaysMs: options.retryDelaysMs,
    });
  }

  /** Open time of the next bar due closed (undefined before the first candle). */
  get expectedOpen(): number | undefined {
    return this.expectedPosition;
  }
}
