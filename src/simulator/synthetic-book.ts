/**
 * The simulated market makers' side of one symbol's order book: a level at every tick for
 * BOOK_WINDOW ticks below the best bid and above the best ask, with deterministic quantities
 * (whole steps, a function of the seed, the tick and the step in which the level was last renewed).
 *
 * Why a fixed window with a level at every tick: a client that keeps a local book from a
 * 5000-level snapshot plus diffs must end up with exactly this book. So when the window slides,
 * every level that leaves it is reported (and then reads 0) and every level that enters it is
 * reported with its quantity: nothing outside the window is ever "unknown but present".
 */
import { mix32, unitHash } from './price-path.js';

export type BookSide = 'bid' | 'ask';

/** Levels per side (Binance's deepest snapshot). */
export const BOOK_WINDOW = 5000;
/** Levels per side given a fresh quantity every step, most of them near the top. */
const RENEWED_PER_STEP = 6;
const SIDE_SALT: Record<BookSide, number> = { bid: 0x2545f491, ask: 0x6c8e9cf5 };

/** Told of every level whose quantity may have changed. */
export type LevelSink = (side: BookSide, tick: number) => void;

const slot = (tick: number): number => ((tick % BOOK_WINDOW) + BOOK_WINDOW) % BOOK_WINDOW;

export class SyntheticBook {
  private readonly bids = new Float64Array(BOOK_WINDOW);
  private readonly asks = new Float64Array(BOOK_WINDOW);
  private emptied: Array<{ side: BookSide; tick: number }> = [];
  /** Best bid and best ask in ticks; 0 until the book is first placed. */
  bidTop = 0;
  askTop = 0;

  constructor(private readonly salt: number, private readonly meanSteps: number) {}

  /** Steps resting at `tick`, 0 outside the window. */
  at(side: BookSide, tick: number): number {
    if (side === 'bid') {
      if (this.bidTop === 0 || tick > this.bidTop || tick <= this.bidTop - BOOK_WINDOW || tick < 1) return 0;
      return this.bids[slot(tick)] as number;
    }
    if (this.askTop === 0 || tick < this.askTop || tick >= this.askTop + BOOK_WINDOW) return 0;
    return this.asks[slot(tick)] as number;
  }

  /** Moves the window so that the best bid is `bid` and the best ask `ask` (ask > bid). */
  moveTo(bid: number, ask: number, step: number, sink: LevelSink): void {
    if (bid === this.bidTop && ask === this.askTop) return;
    this.moveSide('bid', this.bidTop, bid, step, sink);
    this.bidTop = bid;
    this.moveSide('ask', this.askTop, ask, step, sink);
    this.askTop = ask;
  }

  private moveSide(side: BookSide, from: number, to: number, step: number, sink: LevelSink): void {
    // Window of a side as [low, high]: bids [top - W + 1, top], asks [top, top + W - 1].
    const window = (top: number): [number, number] => (side === 'bid' ? [top - BOOK_WINDOW + 1, top] : [top, top + BOOK_WINDOW - 1]);
    const [newLow, newHigh] = window(to);
    if (from === 0 || Math.abs(to - from) >= BOOK_WINDOW) {
      if (from !== 0) {
        const [oldLow, oldHigh] = window(from);
        for (let t = oldLow; t <= oldHigh; t++) this.report(side, t, sink);
      }
      for (let t = newLow; t <= newHigh; t++) this.renew(side, t, step, sink);
      return;
    }
    // Only the ticks at either end change: d leave at one end, d enter at the other.
    const [oldLow, oldHigh] = window(from);
    if (to > from) {
      for (let t = oldLow; t < newLow; t++) this.report(side, t, sink);
      for (let t = oldHigh + 1; t <= newHigh; t++) this.renew(side, t, step, sink);
    } else {
      for (let t = newHigh + 1; t <= oldHigh; t++) this.report(side, t, sink);
      for (let t = newLow; t < oldLow; t++) this.renew(side, t, step, sink);
    }
  }

  /** Fresh quantities for a few levels (and for levels a taker emptied), as market makers would. */
  refresh(step: number, sink: LevelSink): void {
    const emptied = this.emptied;
    this.emptied = [];
    for (const { side, tick } of emptied) if (this.inWindow(side, tick)) this.renew(side, tick, step, sink);
    for (let r = 0; r < RENEWED_PER_STEP; r++) {
      for (const side of ['bid', 'ask'] as const) {
        const u = unitHash(this.salt ^ SIDE_SALT[side], step * 64 + r);
        const depth = Math.floor(u * u * u * BOOK_WINDOW);
        const tick = side === 'bid' ? this.bidTop - depth : this.askTop + depth;
        if (this.inWindow(side, tick)) this.renew(side, tick, step * 8 + r + 1, sink);
      }
    }
  }

  /** A taker took `steps` at `tick` (at most what rests there). */
  consume(side: BookSide, tick: number, steps: number, sink: LevelSink): void {
    const left = Math.max(0, this.at(side, tick) - steps);
    (side === 'bid' ? this.bids : this.asks)[slot(tick)] = left;
    if (left === 0) this.emptied.push({ side, tick });
    sink(side, tick);
  }

  private inWindow(side: BookSide, tick: number): boolean {
    if (side === 'bid') return tick >= 1 && tick <= this.bidTop && tick > this.bidTop - BOOK_WINDOW;
    return tick >= this.askTop && tick < this.askTop + BOOK_WINDOW;
  }

  private renew(side: BookSide, tick: number, version: number, sink: LevelSink): void {
    if (tick < 1) return;
    const u = unitHash(mix32(this.salt ^ SIDE_SALT[side] ^ (tick & 0x7fffffff)), version);
    (side === 'bid' ? this.bids : this.asks)[slot(tick)] = Math.max(1, Math.round(this.meanSteps * (0.2 + 1.6 * u)));
    sink(side, tick);
  }

  private report(side: BookSide, tick: number, sink: LevelSink): void {
    if (tick >= 1) sink(side, tick);
  }
}
