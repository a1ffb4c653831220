/**
 * Keeps one stream's candles in order, with no gap and no duplicate. It knows the open time of the
 * next bar that must be delivered closed; a candle newer than that (after a reconnect, a stall, a
 * takeover, a lost pub/sub message) means bars closed while we were away, and those are fetched
 * over REST and delivered, in order, before it. Candles older than that are duplicates or stale
 * forming updates and are dropped. Where a closed bar comes both from REST and from the stream, the
 * stream's version wins (it is waiting in the queue right behind the gap).
 *
 * Candles are handled one at a time (the fill is async), so everything arriving meanwhile waits in
 * the queue in arrival order.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Candle } from '../market-data/candle.js';
import type { Interval } from '../market-data/intervals.js';
import { nextOpenTime } from './bar-times.js';

/** Closed bars with fromOpen ≤ openTime < beforeOpen, ascending. */
export type ClosedBarFetcher = (fromOpen: number, beforeOpen: number) => Promise<Candle[]>;

export interface CandleSequencerOptions {
  interval: Interval;
  fetchClosed: ClosedBarFetcher;
  /** Receives the candles in order; awaited before the next one. */
  emit(candle: Candle): void | Promise<void>;
  /** The gap could not be filled (after retries); delivery goes on after it. */
  onGapLost(fromOpen: number, beforeOpen: number, error: unknown): void;
  /** Open time of the next bar due closed, when known already (a takeover continues from there). */
  expectedOpen?: number | undefined;
  /** Delays between fill attempts, ms. @default [250, 1000, 3000, 8000] */
  retryDelaysMs?: readonly number[];
}

export class CandleSequencer {
  private expected: number | undefined;
  private readonly queue: Candle[] = [];
  private draining = false;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: CandleSequencerOptions) {
    this.expected = options.expectedOpen;
  }

  /** Open time of the next bar due closed (undefined before the first candle). */
  get expectedOpen(): number | undefined {
    return this.expected;
  }

  /** True once any candle went through. */
  get started(): boolean {
    return this.expected !== undefined;
  }

  /** Sets where the sequence starts, unless a candle already went through. */
  startAt(expectedOpen: number | undefined): void {
    if (this.expected === undefined) this.expected = expectedOpen;
  }

  push(candle: Candle): void {
    if (this.stopped) return;
    this.queue.push(candle);
    if (!this.draining) void this.drain();
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.abort.abort();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let candle = this.queue.shift(); candle && !this.stopped; candle = this.queue.shift()) {
        await this.accept(candle);
      }
    } finally {
      this.draining = false;
    }
  }

  private async accept(candle: Candle): Promise<void> {
    const expected = this.expected;
    if (expected !== undefined) {
      if (candle.openTime < expected) return;
      if (candle.openTime > expected) await this.fill(expected, candle.openTime);
      if (this.stopped) return;
    }
    await this.deliver(candle);
  }

  private async deliver(candle: Candle): Promise<void> {
    this.expected = candle.closed ? nextOpenTime(this.options.interval, candle.openTime) : candle.openTime;
    await this.options.emit(candle);
  }

  private async fill(fromOpen: number, beforeOpen: number): Promise<void> {
    let bars: Candle[];
    try {
      bars = await this.fetchWithRetry(fromOpen, beforeOpen);
    } catch (error) {
      this.options.onGapLost(fromOpen, beforeOpen, error);
      return;
    }
    for (const bar of bars) {
      if (this.stopped) return;
      if (bar.openTime < (this.expected ?? fromOpen) || bar.openTime >= beforeOpen) continue;
      const fromStream = this.queue.find((queued) => queued.closed && queued.openTime === bar.openTime);
      await this.deliver(fromStream ?? bar);
    }
  }

  private async fetchWithRetry(fromOpen: number, beforeOpen: number): Promise<Candle[]> {
    const delays = this.options.retryDelaysMs ?? [250, 1000, 3000, 8000];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.fetchClosed(fromOpen, beforeOpen);
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined || this.stopped) throw error;
        await sleep(delay, undefined, { signal: this.abort.signal });
      }
    }
  }
}
