/**
 * One symbol's order book as clients see it: the market makers' levels plus the accounts' resting
 * orders at the same prices, walked best price first. Depth snapshots, the best bid and ask, the
 * admin book and takers' walks all read the book through this view, so they cannot disagree.
 */
import type { RestingOrder, RestingOrders } from './resting-orders.js';
import { BOOK_WINDOW, type BookSide, type SyntheticBook } from './synthetic-book.js';

/** [ticks, steps] pairs, best first. */
export type Levels = Array<[number, number]>;

/** Called per non-empty level, best first; return false to stop. */
export type LevelVisitor = (tick: number, syntheticSteps: number, resting: RestingOrder[]) => boolean;

export class BookView {
  constructor(readonly synthetic: SyntheticBook, readonly resting: RestingOrders) {}

  /** What a depth snapshot shows at `tick`. */
  quantityAt(side: BookSide, tick: number): number {
    return this.synthetic.at(side, tick) + this.resting.totalAt(side, tick);
  }

  forEachLevel(side: BookSide, visit: LevelVisitor): void {
    const bid = side === 'bid';
    const orders = this.resting.list(side);
    const top = bid ? this.synthetic.bidTop : this.synthetic.askTop;
    // The market makers' window, walked from its best tick outwards.
    let synthetic = top === 0 ? undefined : top;
    const last = bid ? Math.max(1, top - BOOK_WINDOW + 1) : top + BOOK_WINDOW - 1;
    const inWindow = (t: number | undefined): t is number => t !== undefined && (bid ? t >= last : t <= last);
    let r = 0;
    for (;;) {
      const fromSynthetic = inWindow(synthetic) ? synthetic : undefined;
      const fromResting = orders[r]?.ticks;
      if (fromSynthetic === undefined && fromResting === undefined) return;
      let tick: number;
      if (fromSynthetic === undefined) tick = fromResting as number;
      else if (fromResting === undefined) tick = fromSynthetic;
      else tick = bid ? Math.max(fromSynthetic, fromResting) : Math.min(fromSynthetic, fromResting);
      const atTick: RestingOrder[] = [];
      while (orders[r]?.ticks === tick) atTick.push(orders[r++] as RestingOrder);
      let syntheticSteps = 0;
      if (fromSynthetic === tick) {
        syntheticSteps = this.synthetic.at(side, tick);
        synthetic = bid ? tick - 1 : tick + 1;
      }
      if (syntheticSteps === 0 && atTick.length === 0) continue;
      if (!visit(tick, syntheticSteps, atTick)) return;
    }
  }

  /** The best `limit` levels of a side. */
  levels(side: BookSide, limit: number): Levels {
    const out: Levels = [];
    if (limit <= 0) return out;
    this.forEachLevel(side, (tick, synthetic, resting) => {
      out.push([tick, synthetic + resting.reduce((sum, o) => sum + o.remaining, 0)]);
      return out.length < limit;
    });
    return out;
  }

  /**
   * The best `limit` levels of a side written flat into `out` ([tick, steps, tick, steps, …]) from
   * `offset`; answers how many levels. The cheap form of levels() for the per-update history.
   */
  topInto(side: BookSide, limit: number, out: Float64Array, offset: number): number {
    let n = 0;
    if (this.resting.list(side).length === 0) {
      // Only market makers on this side: walk their window directly.
      const bid = side === 'bid';
      const top = bid ? this.synthetic.bidTop : this.synthetic.askTop;
      if (top === 0) return 0;
      for (let k = 0; k < BOOK_WINDOW && n < limit; k++) {
        const tick = bid ? top - k : top + k;
        if (tick < 1) break;
        const steps = this.synthetic.at(side, tick);
        if (steps === 0) continue;
        out[offset + 2 * n] = tick;
        out[offset + 2 * n + 1] = steps;
        n++;
      }
      return n;
    }
    for (const [tick, steps] of this.levels(side, limit)) {
      out[offset + 2 * n] = tick;
      out[offset + 2 * n + 1] = steps;
      n++;
    }
    return n;
  }

  /** The best level of a side, or undefined on an empty side. */
  best(side: BookSide): [number, number] | undefined {
    return this.levels(side, 1)[0];
  }
}
