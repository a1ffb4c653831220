/**
 * The paper matching rules of the contract ("Orders"), as pure predicates over decimals: when a
 * limit order can fill at once against the best bid and ask, when a resting order is reached by a
 * trade on the exchange, and when a stop order's trigger is reached by the last trade price.
 */
import type { Dec } from './decimal.js';
import type { OrderSide, OrderType } from './order.js';

/** The best bid and ask, as decimals. */
export interface Quote {
  bid: Dec;
  ask: Dec;
}

/** The price a taker on `side` gets now: the best ask for a BUY, the best bid for a SELL; undefined on an empty side. */
export function takerPrice(side: OrderSide, quote: Quote): Dec | undefined {
  const price = side === 'BUY' ? quote.ask : quote.bid;
  return price.gt(0) ? price : undefined;
}

/** A BUY at or above the best ask, a SELL at or below the best bid, fills at once. */
export function isMarketable(side: OrderSide, limit: Dec, quote: Quote | undefined): boolean {
  const price = quote && takerPrice(side, quote);
  if (price === undefined) return false;
  return side === 'BUY' ? limit.gte(price) : limit.lte(price);
}

/** A resting BUY is reached by a trade at or below its price, a SELL by one at or above it. */
export function reachedBy(side: OrderSide, limit: Dec, tradePrice: Dec): boolean {
  return side === 'BUY' ? tradePrice.lte(limit) : tradePrice.gte(limit);
}

/**
 * Whether the last trade price `last` has reached a stop order's `stopPrice`: a stop loss BUY at or
 * above it, SELL at or below; a take profit the other way round (binance-spot.md §11).
 */
export function isTriggered(type: OrderType, side: OrderSide, stopPrice: Dec, last: Dec): boolean {
  const upward = (type === 'STOP_LOSS_LIMIT') === (side === 'BUY');
  return upward ? last.gte(stopPrice) : last.lte(stopPrice);
}
