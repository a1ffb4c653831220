/**
 * Update ids of one symbol's book, as Binance numbers them: every committed change of the book
 * takes the next ids (one per level that changed), a depth snapshot carries the last one, and a
 * diff event covers [U, u] with U = previous u + 1. Keeps, per commit, the top of the book in a
 * ring (so `/__admin/book?updateId=` can show the book a client should hold at any recent id) and
 * feeds every open diff accumulator (one per diff stream) with the levels' new quantities.
 */
import type { BookView, Levels } from './book-view.js';
import type { BookSide } from './synthetic-book.js';

/** Levels per side kept for each past update id. */
export const HISTORY_DEPTH = 50;
const HISTORY_LENGTH = 2048;

export interface BookSnapshot {
  lastUpdateId: number;
  bids: Levels;
  asks: Levels;
}

/** A past top of the book, compact: HISTORY_DEPTH bid pairs then HISTORY_DEPTH ask pairs. */
interface PastTop {
  lastUpdateId: number;
  levels: Float64Array;
  bids: number;
  asks: number;
}

function unpack(past: PastTop): BookSnapshot {
  const pairs = (from: number, count: number): Levels =>
    Array.from({ length: count }, (_, i): [number, number] => [past.levels[from + 2 * i] as number, past.levels[from + 2 * i + 1] as number]);
  return { lastUpdateId: past.lastUpdateId, bids: pairs(0, past.bids), asks: pairs(2 * HISTORY_DEPTH, past.asks) };
}

/** A diff-depth event in the making: the levels changed since its first id. */
export class DiffAccumulator {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  /** Events still to be dropped (POST /__admin/depth-gap). */
  dropNext = 0;

  constructor(public firstId: number) {}

  /** The event covering [firstId, lastId], or undefined when nothing changed; starts the next one. */
  take(lastId: number): { U: number; u: number; bids: Levels; asks: Levels } | undefined {
    if (this.bids.size === 0 && this.asks.size === 0) return undefined;
    const event = {
      U: this.firstId,
      u: lastId,
      bids: [...this.bids].sort((a, b) => b[0] - a[0]),
      asks: [...this.asks].sort((a, b) => a[0] - b[0]),
    };
    this.bids.clear();
    this.asks.clear();
    this.firstId = lastId + 1;
    return event;
  }
}

export class BookUpdates {
  updateId: number;
  private readonly touched: Record<BookSide, Set<number>> = { bid: new Set(), ask: new Set() };
  private readonly history: PastTop[] = [];
  private readonly accumulators = new Set<DiffAccumulator>();
  /** Record a possibly changed level (bound, so it can be handed around as a sink). */
  readonly touch = (side: BookSide, tick: number): void => {
    this.touched[side].add(tick);
  };

  constructor(firstUpdateId: number, private readonly view: BookView) {
    this.updateId = firstUpdateId;
  }

  /** Gives the touched levels their update ids; false when nothing was touched. */
  commit(): boolean {
    const changes = this.touched.bid.size + this.touched.ask.size;
    if (changes === 0) return false;
    this.updateId += changes;
    for (const side of ['bid', 'ask'] as const) {
      for (const tick of this.touched[side]) {
        const quantity = this.view.quantityAt(side, tick);
        for (const acc of this.accumulators) (side === 'bid' ? acc.bids : acc.asks).set(tick, quantity);
      }
      this.touched[side].clear();
    }
    // Reuse the oldest entry's array once the ring is full: no garbage per step.
    const reused = this.history.length >= HISTORY_LENGTH ? this.history.shift() : undefined;
    const levels = reused?.levels ?? new Float64Array(4 * HISTORY_DEPTH);
    const bids = this.view.topInto('bid', HISTORY_DEPTH, levels, 0);
    const asks = this.view.topInto('ask', HISTORY_DEPTH, levels, 2 * HISTORY_DEPTH);
    this.history.push({ lastUpdateId: this.updateId, levels, bids, asks });
    return true;
  }

  snapshot(depth: number): BookSnapshot {
    return { lastUpdateId: this.updateId, bids: this.view.levels('bid', depth), asks: this.view.levels('ask', depth) };
  }

  /** The book as it stood at `updateId` (the newest commit at or before it), or undefined if forgotten. */
  at(updateId: number): BookSnapshot | undefined {
    let low = 0;
    let high = this.history.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.history[mid] as PastTop).lastUpdateId <= updateId) low = mid + 1;
      else high = mid;
    }
    const past = low === 0 ? undefined : this.history[low - 1];
    return past && unpack(past);
  }

  openDiff(): DiffAccumulator {
    const acc = new DiffAccumulator(this.updateId + 1);
    this.accumulators.add(acc);
    return acc;
  }

  closeDiff(acc: DiffAccumulator): void {
    this.accumulators.delete(acc);
  }
}
