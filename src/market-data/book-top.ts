/** The best bid and ask of a symbol, as the gateway carries it (MarketFeeds, the paper matching engine). */
import type { BookTickerResponse } from '../exchange/binance-schemas.js';
import type { OrderBook } from './order-book.js';

/** The best bid and ask. */
export interface BookTop {
  symbol: string;
  bidPrice: string;
  bidQuantity: string;
  askPrice: string;
  askQuantity: string;
  /** When the gateway learnt it, on the exchange's clock (ms): the book ticker carries no time of its own. */
  time: number;
}

export function bookTopFromRest(row: BookTickerResponse, time: number): BookTop {
  return { symbol: row.symbol, bidPrice: row.bidPrice, bidQuantity: row.bidQty, askPrice: row.askPrice, askQuantity: row.askQty, time };
}

/** Whether two tops show the same prices and quantities (times aside). */
export function sameBookTop(a: BookTop, b: BookTop): boolean {
  return a.bidPrice === b.bidPrice && a.bidQuantity === b.bidQuantity && a.askPrice === b.askPrice && a.askQuantity === b.askQuantity;
}

/** The best levels of a live book, as a top; undefined without a book or with an empty side. */
export function bookTopOf(symbol: string, book: OrderBook | undefined, time: number): BookTop | undefined {
  const [bid] = book?.bids.top(1) ?? [];
  const [ask] = book?.asks.top(1) ?? [];
  if (!bid || !ask) return undefined;
  return { symbol, bidPrice: bid.price, bidQuantity: bid.quantity, askPrice: ask.price, askQuantity: ask.quantity, time };
}
