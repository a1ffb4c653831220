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

export class BookVersion {
  private readonly views = new Map<number, OrderBookView>();
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
      const { symbol, lastUpdateId, bids, asks } = this.top;
      view = depth >= maxSubscriptionDepth ? this.top : { symbol, lastUpdateId, bids: bids.slice(0, depth), asks: asks.slice(0, depth) };
      this.views.set(depth, view);
    }
    return view;
  }
}
