/**
 * The exchange's order filters, checked here before anything happens (paper) or before the request
 * leaves (live): PRICE_FILTER (price and stopPrice), PERCENT_PRICE and PERCENT_PRICE_BY_SIDE (the
 * limit price against the average price), LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL and NOTIONAL, as
 * the exchange lists them in exchangeInfo and as binance-spot.md §2 and §11 describe them; and
 * MAX_NUM_ORDERS / MAX_NUM_ALGO_ORDERS against the open orders of an account (paper: the gateway
 * counts them; live: the exchange does). A violation is BAD_USER_INPUT
 * whose message names the filter first, as Binance's own "-1013 Filter failure: NAME" does.
 *
 * A bound or step of 0 switches that check off: Binance documents it for PRICE_FILTER, and reports
 * MARKET_LOT_SIZE with minQty and stepSize 0, which can only mean "no such limit".
 */
import type { SymbolFilter, SymbolInfo } from '../exchange/binance-schemas.js';
import { BadUserInputError } from '../schema/errors.js';
import { Dec, floorToStep, formatDecimal } from './decimal.js';
import { stopOrderTypes, type OrderSide, type OrderType } from './order.js';

/** What the filters look at. */
export interface FilterInput {
  type: OrderType;
  side: OrderSide;
  /** Base-asset quantity (for a MARKET order by quote amount: the quantity derived from it). */
  quantity: Dec;
  /** The limit price (every type but MARKET). */
  price?: Dec | undefined;
  /** The trigger price (stop types). */
  stopPrice?: Dec | undefined;
  /** The live price (MARKET notional checks). */
  marketPrice?: Dec | undefined;
  /** The exchange's average price (GET avgPrice), where a PERCENT_PRICE filter needs it. */
  averagePrice?: Dec | undefined;
}

/** The filters that bound a limit price by the average price. */
export const percentPriceFilters: ReadonlySet<string> = new Set(['PERCENT_PRICE', 'PERCENT_PRICE_BY_SIDE']);

/** Whether checking `type` orders against `filters` needs the average price. */
export function needsAveragePrice(filters: readonly SymbolFilter[], type: OrderType): boolean {
  return type !== 'MARKET' && filters.some((filter) => percentPriceFilters.has(filter.filterType));
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
        if (order.stopPrice !== undefined) checkRange('PRICE_FILTER', 'stopPrice', order.stopPrice, filter, ['minPrice', 'maxPrice', 'tickSize']);
        break;
      case 'PERCENT_PRICE':
        if (order.price !== undefined) checkPercent('PERCENT_PRICE', order, filter, ['multiplierDown', 'multiplierUp']);
        break;
      case 'PERCENT_PRICE_BY_SIDE':
        if (order.price !== undefined) {
          checkPercent('PERCENT_PRICE_BY_SIDE', order, filter, order.side === 'BUY' ? ['bidMultiplierDown', 'bidMultiplierUp'] : ['askMultiplierDown', 'askMultiplierUp']);
        }
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
        // MAX_NUM_ORDERS and MAX_NUM_ALGO_ORDERS count open orders (checkOpenOrderLimits); others (ICEBERG_PARTS, ...) concern nothing the gateway sends.
        break;
    }
  }
  // After the filters, so that a symbol with a minQty names LOT_SIZE for a zero quantity.
  if (order.quantity.lte(0)) throw new BadUserInputError(`quantity must be greater than 0; got ${show(order.quantity)}.`);
}

/**
 * avg × down ≤ price ≤ avg × up, both bounds inclusive (binance-spot.md §11). A limit price is
 * checked; MARKET orders and stopPrice are not, as the exchange's own check treats them.
 */
function checkPercent(filterType: string, order: FilterInput, filter: SymbolFilter, [downName, upName]: [string, string]): void {
  const price = order.price as Dec;
  const average = order.averagePrice;
  if (average === undefined || average.lte(0)) return;
  const down = field(filter, downName);
  const up = field(filter, upName);
  if (up.gt(0) && price.gt(average.times(up))) {
    throw failure(filterType, `price ${show(price)} is above ${upName} ${show(up)} × the average price ${show(average)}`);
  }
  if (down.gt(0) && price.lt(average.times(down))) {
    throw failure(filterType, `price ${show(price)} is below ${downName} ${show(down)} × the average price ${show(average)}`);
  }
}

/** Open orders of an account on one symbol, counted for MAX_NUM_ORDERS and MAX_NUM_ALGO_ORDERS. */
export interface OpenOrderCounts {
  /** Every open order on the symbol. */
  all: number;
  /** Open stop orders on the symbol. */
  algo: number;
}

/** Throws BAD_USER_INPUT when one more `type` order would pass the symbol's open-order limits. */
export function checkOpenOrderLimits(filters: readonly SymbolFilter[], type: OrderType, open: OpenOrderCounts): void {
  for (const filter of filters) {
    if (filter.filterType === 'MAX_NUM_ORDERS') {
      const max = field(filter, 'maxNumOrders');
      if (max.gt(0) && max.lte(open.all)) throw failure('MAX_NUM_ORDERS', `the account has ${open.all} open orders on this symbol, the most it may have`);
    }
    if (filter.filterType === 'MAX_NUM_ALGO_ORDERS' && stopOrderTypes.has(type)) {
      const max = field(filter, 'maxNumAlgoOrders');
      if (max.gt(0) && max.lte(open.algo)) throw failure('MAX_NUM_ALGO_ORDERS', `the account has ${open.algo} open stop orders on this symbol, the most it may have`);
    }
  }
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
