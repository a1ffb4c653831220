/**
 * The exchange's order filters, checked here before anything happens (paper) or before the request
 * leaves (live): PRICE_FILTER, LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL and NOTIONAL, as the exchange
 * lists them in exchangeInfo and as binance-spot.md §2 describes them. A violation is BAD_USER_INPUT
 * whose message names the filter first, as Binance's own "-1013 Filter failure: NAME" does.
 *
 * A bound or step of 0 switches that check off: Binance documents it for PRICE_FILTER, and reports
 * MARKET_LOT_SIZE with minQty and stepSize 0, which can only mean "no such limit".
 */
import type { SymbolFilter, SymbolInfo } from '../exchange/binance-schemas.js';
import { BadUserInputError } from '../schema/errors.js';
import { Dec, floorToStep, formatDecimal } from './decimal.js';
import type { OrderType } from './order.js';

/** What the filters look at. */
export interface FilterInput {
  type: OrderType;
  /** Base-asset quantity (for a MARKET order by quote amount: the quantity derived from it). */
  quantity: Dec;
  /** The limit price (LIMIT). */
  price?: Dec | undefined;
  /** The live price (MARKET notional checks). */
  marketPrice?: Dec | undefined;
}

const decimalText = /^\d+(\.\d+)?$/;

/** A numeric filter field; absent or malformed reads as 0, which switches the check off. */
function field(filter: SymbolFilter, name: string): Dec {
  const raw = filter[name];
  if (typeof raw === 'number' && Number.isFinite(raw)) return new Dec(raw);
  return typeof raw === 'string' && decimalText.test(raw) ? new Dec(raw) : new Dec(0);
}

/** The flag fields (applyToMarket, ...); Binance sends booleans. */
function flag(filter: SymbolFilter, name: string): boolean {
  return filter[name] === true;
}

function failure(filterType: string, detail: string): BadUserInputError {
  return new BadUserInputError(`Filter failure: ${filterType}: ${detail}`, { filter: filterType });
}

const show = formatDecimal;

/** min ≤ value ≤ max and (value − min) a whole number of steps; a 0 bound or step is off. */
function checkRange(filterType: string, what: string, value: Dec, filter: SymbolFilter, names: [string, string, string]): void {
  const [minName, maxName, stepName] = names;
  const min = field(filter, minName);
  const max = field(filter, maxName);
  const step = field(filter, stepName);
  if (min.gt(0) && value.lt(min)) throw failure(filterType, `${what} ${show(value)} is below ${minName} ${show(min)}`);
  if (max.gt(0) && value.gt(max)) throw failure(filterType, `${what} ${show(value)} is above ${maxName} ${show(max)}`);
  if (step.gt(0) && !value.minus(min).mod(step).isZero()) {
    throw failure(filterType, `${what} ${show(value)} is not a multiple of ${stepName} ${show(step)}`);
  }
}

function checkNotional(filterType: string, notional: Dec, min: Dec | undefined, max: Dec | undefined): void {
  if (min !== undefined && min.gt(0) && notional.lt(min)) {
    throw failure(filterType, `notional ${show(notional)} is below minNotional ${show(min)}`);
  }
  if (max !== undefined && max.gt(0) && notional.gt(max)) {
    throw failure(filterType, `notional ${show(notional)} is above maxNotional ${show(max)}`);
  }
}

/**
 * Throws BAD_USER_INPUT naming the first filter the order breaks. MARKET orders are checked against
 * LOT_SIZE and MARKET_LOT_SIZE both (the second adds to the first), and their notional against the
 * live price where the filter applies to MARKET orders.
 */
export function checkSymbolFilters(filters: readonly SymbolFilter[], order: FilterInput): void {
  const isMarket = order.type === 'MARKET';
  const notionalPrice = isMarket ? order.marketPrice : order.price;
  const notional = notionalPrice?.times(order.quantity);
  for (const filter of filters) {
    switch (filter.filterType) {
      case 'PRICE_FILTER':
        if (order.price !== undefined) checkRange('PRICE_FILTER', 'price', order.price, filter, ['minPrice', 'maxPrice', 'tickSize']);
        break;
      case 'LOT_SIZE':
        checkRange('LOT_SIZE', 'quantity', order.quantity, filter, ['minQty', 'maxQty', 'stepSize']);
        break;
      case 'MARKET_LOT_SIZE':
        if (isMarket) checkRange('MARKET_LOT_SIZE', 'quantity', order.quantity, filter, ['minQty', 'maxQty', 'stepSize']);
        break;
      case 'MIN_NOTIONAL':
        if (notional !== undefined && (!isMarket || flag(filter, 'applyToMarket'))) {
          checkNotional('MIN_NOTIONAL', notional, field(filter, 'minNotional'), undefined);
        }
        break;
      case 'NOTIONAL':
        if (notional !== undefined) {
          checkNotional(
            'NOTIONAL',
            notional,
            !isMarket || flag(filter, 'applyMinToMarket') ? field(filter, 'minNotional') : undefined,
            !isMarket || flag(filter, 'applyMaxToMarket') ? field(filter, 'maxNotional') : undefined,
          );
        }
        break;
      default:
        // Other filters (PERCENT_PRICE_BY_SIDE, ICEBERG_PARTS, MAX_NUM_ORDERS, ...) are the exchange's to check.
        break;
    }
  }
  // After the filters, so that a symbol with a minQty names LOT_SIZE for a zero quantity.
  if (order.quantity.lte(0)) throw new BadUserInputError(`quantity must be greater than 0; got ${show(order.quantity)}.`);
}

/**
 * The base quantity a MARKET order for `quote` of the quote asset buys or sells at `price`, rounded
 * DOWN to LOT_SIZE's stepSize (and MARKET_LOT_SIZE's, where it has one), so it never costs more
 * than `quote`.
 */
export function quantityForQuote(filters: readonly SymbolFilter[], quote: Dec, price: Dec): Dec {
  let quantity = quote.div(price);
  for (const filter of filters) {
    if (filter.filterType === 'LOT_SIZE' || filter.filterType === 'MARKET_LOT_SIZE') {
      quantity = floorToStep(quantity, field(filter, 'stepSize'));
    }
  }
  return quantity;
}

/** Orders are accepted only while the symbol is TRADING (not BREAK, HALT, END_OF_DAY, ...). */
export function requireTrading(info: SymbolInfo): void {
  if (info.status !== 'TRADING') {
    throw new BadUserInputError(`${info.symbol} is not trading now (status ${info.status}); orders are refused.`, {
      symbolStatus: info.status,
    });
  }
}
