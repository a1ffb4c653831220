/**
 * The checks paper and live orders share, in the order a caller can act on them: the symbol exists,
 * it is TRADING, a quote-amount order is allowed, and the order passes the symbol's filters at the
 * live price (and, where a PERCENT_PRICE filter asks for it, against the exchange's average price).
 * What comes out is the order with its base quantity settled.
 */
import type { SymbolInfo } from '../exchange/binance-schemas.js';
import type { ExchangeInfoCache } from '../exchange/exchange-info-cache.js';
import { BadUserInputError } from '../schema/errors.js';
import type { Dec } from './decimal.js';
import type { TradeRequest } from './order.js';
import type { PriceFeed } from './price-feed.js';
import { checkSymbolFilters, needsAveragePrice, quantityForQuote, requireTrading } from './symbol-filters.js';

export interface PreparedOrder {
  request: TradeRequest;
  info: SymbolInfo;
  /** The base quantity: as given, or derived from quoteQuantity at the market price (rounded down to the step). */
  quantity: Dec;
  /** The market price a MARKET order was checked at (the live price, or the price the caller fills it at). */
  marketPrice: Dec | undefined;
}

export interface PrepareDeps {
  exchangeInfo: ExchangeInfoCache;
  /** Last prices (ticker/price), cached briefly. */
  prices: PriceFeed;
  /** The exchange's average prices (avgPrice), cached briefly. */
  averagePrices: PriceFeed;
}

/**
 * Validates `request` against the exchange's view of its symbol. `marketPrice`: the price a MARKET
 * order is checked (and a quote amount converted) at; the live last price when not given.
 */
export async function prepareOrder(request: TradeRequest, deps: PrepareDeps, marketPrice?: Dec): Promise<PreparedOrder> {
  const info = await deps.exchangeInfo.require(request.symbol);
  requireTrading(info);
  if (request.quoteQuantity !== undefined && info.quoteOrderQtyMarketAllowed === false) {
    throw new BadUserInputError(`${info.symbol} does not take MARKET orders by quoteQuantity; give quantity.`);
  }
  const isMarket = request.type === 'MARKET';
  const [checkedAt, averagePrice] = await Promise.all([
    isMarket ? (marketPrice ?? deps.prices.price(info.symbol)) : undefined,
    needsAveragePrice(info.filters, request.type) ? deps.averagePrices.price(info.symbol) : undefined,
  ]);
  let quantity = request.quantity;
  if (quantity === undefined) {
    // toTradeRequest guarantees one of the two, and quoteQuantity only on MARKET orders (so a price).
    if (request.quoteQuantity === undefined || checkedAt === undefined) throw new Error('prepareOrder: no quantity to derive');
    quantity = quantityForQuote(info.filters, request.quoteQuantity, checkedAt);
  }
  checkSymbolFilters(info.filters, {
    type: request.type,
    side: request.side,
    quantity,
    price: request.price,
    stopPrice: request.stopPrice,
    marketPrice: checkedAt,
    averagePrice,
  });
  return { request, info, quantity, marketPrice: checkedAt };
}
