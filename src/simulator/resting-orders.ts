/**
 * The accounts' orders resting on one symbol's book (LIMIT orders and triggered stop-limits), in
 * price-time priority. There are few of them (tests and demos place tens, not millions), so plain
 * sorted arrays are simpler than a tree and fast enough.
 */
import type { BookSide } from './synthetic-book.js';

export interface RestingOrder {
  orderId: number;
  side: BookSide;
  ticks: number;
  /** Steps not filled yet. */
  remaining: number;
  /** Arrival order, for time priority. */
  seq: number;
}

export class RestingOrders {
  /** Best first: bids by price descending, asks ascending; then by arrival. */
  private readonly sides: Record<BookSide, RestingOrder[]> = { bid: [], ask: [] };
  private nextSeq = 0;

  add(order: Omit<RestingOrder, 'seq'>): void {
    const entry = { ...order, seq: this.nextSeq++ };
    const list = this.sides[order.side];
    const better = (a: RestingOrder): boolean => (order.side === 'bid' ? a.ticks >= entry.ticks : a.ticks <= entry.ticks);
    let i = 0;
    while (i < list.length && better(list[i] as RestingOrder)) i++;
    list.splice(i, 0, entry);
  }

  remove(orderId: number): RestingOrder | undefined {
    for (const side of ['bid', 'ask'] as const) {
      const list = this.sides[side];
      const i = list.findIndex((o) => o.orderId === orderId);
      if (i >= 0) return list.splice(i, 1)[0];
    }
    return undefined;
  }

  /** Orders of `side`, best first. */
  list(side: BookSide): readonly RestingOrder[] {
    return this.sides[side];
  }

  /** Total steps resting at `tick`. */
  totalAt(side: BookSide, tick: number): number {
    let total = 0;
    for (const order of this.sides[side]) if (order.ticks === tick) total += order.remaining;
    return total;
  }

  /** Orders of `side` priced at `tick` or better for a counterparty (bids ≥ tick, asks ≤ tick), best first. */
  atOrBetter(side: BookSide, tick: number): RestingOrder[] {
    return this.sides[side].filter((o) => (side === 'bid' ? o.ticks >= tick : o.ticks <= tick));
  }
}
