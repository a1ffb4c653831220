/**
 * A symbol's filters: how exchangeInfo lists them (decimal strings, 8 decimals) and how an order
 * is checked against them (decimal.js, never floats), failing with -1013 "Filter failure: NAME".
 * A filter field of 0 switches that check off, as Binance documents for PRICE_FILTER and as it
 * reports MARKET_LOT_SIZE (minQty and stepSize 0).
 */
import { BinanceError } from './binance-error.js';
import { Dec } from './decimals.js';
import type { SymbolSpec } from './symbols.js';

const AVG_PRICE_MINS = 5;
const PERCENT_UP = '5';
const PERCENT_DOWN = '0.2';

const fmt = (value: string): string => new Dec(value).toFixed(8);

/** The `filters` array of a symbol in exchangeInfo. */
export function filtersJson(spec: Required<SymbolSpec>): Array<Record<string, unknown>> {
  const filters: Array<Record<string, unknown>> = [
    { filterType: 'PRICE_FILTER', minPrice: fmt(spec.minPrice), maxPrice: fmt(spec.maxPrice), tickSize: fmt(spec.tickSize) },
    { filterType: 'LOT_SIZE', minQty: fmt(spec.minQty), maxQty: fmt(spec.maxQty), stepSize: fmt(spec.stepSize) },
    { filterType: 'ICEBERG_PARTS', limit: 10 },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: fmt(spec.marketMaxQty), stepSize: '0.00000000' },
    { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
    { filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: PERCENT_UP, bidMultiplierDown: PERCENT_DOWN,
      askMultiplierUp: PERCENT_UP, askMultiplierDown: PERCENT_DOWN, avgPriceMins: AVG_PRICE_MINS },
  ];
  if (spec.notionalFilters.includes('MIN_NOTIONAL')) {
    filters.push({ filterType: 'MIN_NOTIONAL', minNotional: fmt(spec.minNotional), applyToMarket: true, avgPriceMins: AVG_PRICE_MINS });
  }
  if (spec.notionalFilters.includes('NOTIONAL')) {
    filters.push({ filterType: 'NOTIONAL', minNotional: fmt(spec.minNotional), applyMinToMarket: true,
      maxNotional: fmt(spec.maxNotional), applyMaxToMarket: false, avgPriceMins: AVG_PRICE_MINS });
  }
  filters.push({ filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 }, { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 });
  return filters;
}

/** What the filters look at. `price` is the limit price (absent for MARKET and STOP_LOSS/TAKE_PROFIT). */
export interface FilterInput {
  isMarket: boolean;
  side: 'BUY' | 'SELL';
  quantity: Dec;
  price?: Dec;
  stopPrice?: Dec;
  /** The average price (GET /api/v3/avgPrice): PERCENT_PRICE_BY_SIDE and market notional use it. */
  averagePrice: Dec;
}

const failure = (name: string): BinanceError => new BinanceError(400, -1013, `Filter failure: ${name}`);

/** Binance's rule: min ≤ value ≤ max and (value − min) a whole number of steps; a 0 bound or step is off. */
function withinRange(value: Dec, min: string, max: string, step: string): boolean {
  const lower = new Dec(min);
  const upper = new Dec(max);
  const stride = new Dec(step);
  if (lower.gt(0) && value.lt(lower)) return false;
  if (upper.gt(0) && value.gt(upper)) return false;
  return stride.isZero() || value.minus(lower).mod(stride).isZero();
}

/** Throws -1013 naming the first filter the order breaks. */
export function checkFilters(spec: Required<SymbolSpec>, order: FilterInput): void {
  if (order.price && !withinRange(order.price, spec.minPrice, spec.maxPrice, spec.tickSize)) throw failure('PRICE_FILTER');
  if (order.stopPrice && !withinRange(order.stopPrice, spec.minPrice, spec.maxPrice, spec.tickSize)) throw failure('PRICE_FILTER');
  if (order.price) {
    // Both sides use the same multipliers here; Binance lets them differ, hence the side in the name.
    const ratio = order.price.div(order.averagePrice);
    if (ratio.gt(PERCENT_UP) || ratio.lt(PERCENT_DOWN)) throw failure('PERCENT_PRICE_BY_SIDE');
  }
  if (!withinRange(order.quantity, spec.minQty, spec.maxQty, spec.stepSize)) throw failure('LOT_SIZE');
  if (order.isMarket && !withinRange(order.quantity, '0', spec.marketMaxQty, '0')) throw failure('MARKET_LOT_SIZE');
  const notional = order.quantity.times(order.price ?? order.stopPrice ?? order.averagePrice);
  if (spec.notionalFilters.includes('MIN_NOTIONAL') && notional.lt(spec.minNotional)) throw failure('MIN_NOTIONAL');
  if (spec.notionalFilters.includes('NOTIONAL')) {
    if (notional.lt(spec.minNotional)) throw failure('NOTIONAL');
    if (!order.isMarket && new Dec(spec.maxNotional).gt(0) && notional.gt(spec.maxNotional)) throw failure('NOTIONAL');
  }
}
