/**
 * The checks paper and live orders share, in the order a caller can act on them: the symbol exists,
 * it is TRADING, a quote-amount order is allowed, and the order passes the symbol's filters at the
 * live price. What comes out is the order with its base quantity settled.
 */
import type { SymbolInfo } from '../exchange/binance-schemas.js';
import type { ExchangeInfoCache } from '../exchange/exchange-info-cache.js';
import { BadUserInputError } from '../schema/errors.js';
import type { Dec } from './decimal.js';
import type { TradeRequest } from './order.js';
import type { PriceFeed } from './price-feed.js';
import { checkSymbolFilters, quantityForQuote, requireTrading } from './symbol-filters.js';

export interface PreparedOrder {
  request: TradeRequest;
  info: SymbolInfo;
  /** The base quantity: as given, or derived from quoteQuantity at the live price (rounded down to the step). */
  quantity: Dec;
  /** The live price, where it was needed (MARKET orders, and every paper order). */
  marketPrice: Dec | undefined;
}

export interface PrepareDeps {
  exchangeInfo: ExchangeInfoCache;
  prices: PriceFeed;
}

/**
 * Validates `request` against the exchange's view of its symbol. `alwaysPrice`: fetch the live price
 * for LIMIT orders too (paper needs it to tell whether a LIMIT order is marketable).
 */
export async function prepareOrder(request: TradeRequest, deps: PrepareDeps, alwaysPrice: boolean): Promise<PreparedOrder> {
  const info = await deps.exchangeInfo.require(request.symbol);
  requireTrading(info);
  if (request.quoteQuantity !== undefined && info.quoteOrderQtyMarketAllowed === false) {
    throw new BadUserInputError(`${info.symbol} does not take MARKET orders by quoteQuantity; give quantity.`);
  }
  const marketPrice = request.type === 'MARKET' || alwaysPrice ? await deps.prices.price(info.symbol) : undefined;
  let quantity = request.quantity;
  if (quantity === undefined) {
    // toTradeRequest guarantees one of the two, and quoteQuantity only on MARKET orders (so a price).
    if (request.quoteQuantity === undefined || marketPrice === undefined) throw new Error('prepareOrder: no quantity to derive');
    quantity = quantityForQuote(info.filters, request.quoteQuantity, marketPrice);
  }
  checkSymbolFilters(info.filters, { type: request.type, quantity, price: request.price, marketPrice });
  return { request, info, quantity, marketPrice };
}
