/**
 * What a client gets of an order book (the OrderBook type): its best `depth` levels per side and the
 * update id they are current to. A BookVersion is one state of a live book, cut to the deepest a
 * subscriber may ask for; its views by depth are made once and shared by every subscriber of that
 * depth (so the transports execute and serialize each once).
 */
import type { OrderBook, PriceLevel } from './order-book.js';

/** Subscription.orderBook: depth 1 to 1000. */
export const maxSubscriptionDepth = 1000;
/** Market.orderBook: depth 1 to 5000 (the exchange's most). */
export const maxQueryDepth = 5000;
export const defaultBookDepth = 20;

export interface OrderBookView {
  symbol: string;
  /** The exchange's update id, as a decimal string. */
  lastUpdateId: string;
  bids: readonly PriceLevel[];
  asks: readonly PriceLevel[];
}

export function bookView(symbol: string, book: OrderBook, depth: number): OrderBookView {
  return { symbol, lastUpdateId: String(book.lastUpdateId), bids: book.bids.top(depth), asks: book.asks.top(depth) };
}

/** Whether two views show the very same levels (level objects are replaced, never changed, on update). */
export function sameLevels(a: OrderBookView, b: OrderBookView): boolean {
  const same = (x: readonly PriceLevel[], y: readonly PriceLevel[]): boolean => x.length === y.length && x.every((level, i) => level === y[i]);
  return same(a.bids, b.bids) && same(a.asks, b.asks);
}

/** The view cut to `depth` levels per side. */
export function cutView(view: OrderBookView, depth: number): OrderBookView {
  return view.bids.length <= depth && view.asks.length <= depth ? view : { ...view, bids: view.bids.slice(0, depth), asks: view.asks.slice(0, depth) };
}

export class BookVersion {
  private readonly views = new Map<number, OrderBookView>();
  /** Per depth, the last view compared with this version's and whether its levels were the same. */
  private readonly comparisons = new Map<number, { earlier: OrderBookView; same: boolean }>();
  private readonly top: OrderBookView;

  constructor(symbol: string, book: OrderBook) {
    this.top = bookView(symbol, book, maxSubscriptionDepth);
  }

  get lastUpdateId(): string {
    return this.top.lastUpdateId;
  }

  /** The best `depth` levels (at most maxSubscriptionDepth), made once per depth. */
  view(depth: number): OrderBookView {
    let view = this.views.get(depth);
    if (!view) {
      view = cutView(this.top, depth);
      this.views.set(depth, view);
    }
    return view;
  }

  /**
   * Whether the best `depth` levels are still those of `earlier` (a view an earlier version gave).
   * The subscribers of one depth nearly always hold the same earlier view, so the comparison is
   * made once per version and depth, not once per subscriber.
   */
  unchangedSince(earlier: OrderBookView, depth: number): boolean {
    const known = this.comparisons.get(depth);
    if (known?.earlier === earlier) return known.same;
    const same = sameLevels(earlier, this.view(depth));
    this.comparisons.set(depth, { earlier, same });
    return same;
  }
}
