/**
 * The filter module on its own, over filter lists shaped like exchangeInfo's: the switches the fake
 * exchange's symbols do not exercise (a 0 that turns a check off, applyToMarket and
 * applyMaxToMarket flags, a MARKET_LOT_SIZE with a step) and the quote-to-base rounding.
 */
import { describe, expect, it } from 'vitest';
import type { SymbolFilter } from '../../src/exchange/binance-schemas.js';
import { GatewayError } from '../../src/schema/errors.js';
import { Dec } from '../../src/trading/decimal.js';
import { checkOpenOrderLimits, checkSymbolFilters, quantityForQuote, type FilterInput } from '../../src/trading/symbol-filters.js';

const d = (value: string) => new Dec(value);

/** The message of the BAD_USER_INPUT the order gets, or 'ok'. */
function verdict(filters: SymbolFilter[], order: FilterInput): string {
  try {
    checkSymbolFilters(filters, order);
    return 'ok';
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    expect(error.code).toBe('BAD_USER_INPUT');
    return error.message;
  }
}

describe('checkSymbolFilters', () => {
  it('switches a PRICE_FILTER check off where its field is 0', () => {
    const filters = [{ filterType: 'PRICE_FILTER', minPrice: '0.00000000', maxPrice: '0.00000000', tickSize: '0.00000000' }];
    expect(verdict(filters, { side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('123456789.123456789') })).toBe('ok');
    const ticked = [{ filterType: 'PRICE_FILTER', minPrice: '0', maxPrice: '0', tickSize: '0.5' }];
    expect(verdict(ticked, { side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('10.25') })).toBe(
      'Filter failure: PRICE_FILTER: price 10.25 is not a multiple of tickSize 0.5',
    );
  });

  it('counts LOT_SIZE steps from minQty, as Binance does', () => {
    const filters = [{ filterType: 'LOT_SIZE', minQty: '0.15', maxQty: '100', stepSize: '0.1' }];
    expect(verdict(filters, { side: 'BUY', type: 'LIMIT', quantity: d('0.25'), price: d('1') })).toBe('ok');
    expect(verdict(filters, { side: 'BUY', type: 'LIMIT', quantity: d('0.3'), price: d('1') })).toMatch(/^Filter failure: LOT_SIZE: quantity 0.3 is not a multiple/);
  });

  it('applies MARKET_LOT_SIZE to MARKET orders only, with a step where it has one', () => {
    const filters = [{ filterType: 'MARKET_LOT_SIZE', minQty: '1', maxQty: '10', stepSize: '1' }];
    expect(verdict(filters, { side: 'BUY', type: 'MARKET', quantity: d('2.5'), marketPrice: d('1') })).toBe(
      'Filter failure: MARKET_LOT_SIZE: quantity 2.5 is not a multiple of stepSize 1',
    );
    expect(verdict(filters, { side: 'BUY', type: 'LIMIT', quantity: d('2.5'), price: d('1') })).toBe('ok');
  });

  it('applies MIN_NOTIONAL to MARKET orders only with applyToMarket', () => {
    const off = [{ filterType: 'MIN_NOTIONAL', minNotional: '10', applyToMarket: false, avgPriceMins: 5 }];
    const on = [{ ...off[0]!, applyToMarket: true }];
    const market: FilterInput = { side: 'BUY', type: 'MARKET', quantity: d('1'), marketPrice: d('5') };
    expect(verdict(off, market)).toBe('ok');
    expect(verdict(on, market)).toBe('Filter failure: MIN_NOTIONAL: notional 5 is below minNotional 10');
    expect(verdict(off, { side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('5') })).toMatch(/^Filter failure: MIN_NOTIONAL/);
  });

  it("applies NOTIONAL's bounds to MARKET orders by their own flags, and both to LIMIT orders", () => {
    const notional = { filterType: 'NOTIONAL', minNotional: '10', maxNotional: '100', avgPriceMins: 5 };
    const market = (quantity: string): FilterInput => ({ side: 'BUY', type: 'MARKET', quantity: d(quantity), marketPrice: d('2') });
    const minOnly = [{ ...notional, applyMinToMarket: true, applyMaxToMarket: false }];
    const maxOnly = [{ ...notional, applyMinToMarket: false, applyMaxToMarket: true }];
    expect(verdict(minOnly, market('1'))).toBe('Filter failure: NOTIONAL: notional 2 is below minNotional 10');
    expect(verdict(minOnly, market('1000'))).toBe('ok');
    expect(verdict(maxOnly, market('1'))).toBe('ok');
    expect(verdict(maxOnly, market('1000'))).toBe('Filter failure: NOTIONAL: notional 2000 is above maxNotional 100');
    expect(verdict(maxOnly, { side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('2') })).toMatch(/below minNotional 10$/);
  });

  it('ignores filters it does not know and refuses a zero quantity where no filter does', () => {
    expect(verdict([{ filterType: 'ICEBERG_PARTS', limit: 10 }], { side: 'BUY', type: 'MARKET', quantity: d('1'), marketPrice: d('1') })).toBe('ok');
    expect(verdict([], { side: 'BUY', type: 'MARKET', quantity: d('0'), marketPrice: d('1') })).toBe('quantity must be greater than 0; got 0.');
  });
});

describe('PERCENT_PRICE_BY_SIDE, PERCENT_PRICE and stopPrice', () => {
  const bySide = [{ filterType: 'PERCENT_PRICE_BY_SIDE', bidMultiplierUp: '1.2', bidMultiplierDown: '0.8', askMultiplierUp: '1.5', askMultiplierDown: '0.9', avgPriceMins: 5 }];
  const limit = (side: 'BUY' | 'SELL', price: string): FilterInput => ({ side, type: 'LIMIT', quantity: d('1'), price: d(price), averagePrice: d('100') });

  it('bounds a BUY by the bid multipliers and a SELL by the ask multipliers of the average price, both inclusive', () => {
    expect(verdict(bySide, limit('BUY', '80'))).toBe('ok');
    expect(verdict(bySide, limit('BUY', '120'))).toBe('ok');
    expect(verdict(bySide, limit('BUY', '79.99'))).toBe('Filter failure: PERCENT_PRICE_BY_SIDE: price 79.99 is below bidMultiplierDown 0.8 × the average price 100');
    expect(verdict(bySide, limit('BUY', '120.01'))).toMatch(/^Filter failure: PERCENT_PRICE_BY_SIDE: price 120.01 is above bidMultiplierUp 1.2/);
    expect(verdict(bySide, limit('SELL', '150'))).toBe('ok');
    expect(verdict(bySide, limit('SELL', '89.99'))).toMatch(/^Filter failure: PERCENT_PRICE_BY_SIDE: price 89.99 is below askMultiplierDown 0.9/);
    // MARKET orders are not bounded by it.
    expect(verdict(bySide, { side: 'BUY', type: 'MARKET', quantity: d('1'), marketPrice: d('1000'), averagePrice: d('100') })).toBe('ok');
  });

  it('applies PERCENT_PRICE to both sides alike, and PRICE_FILTER to stopPrice', () => {
    const percent = [{ filterType: 'PERCENT_PRICE', multiplierUp: '2', multiplierDown: '0.5', avgPriceMins: 5 }];
    expect(verdict(percent, limit('SELL', '49'))).toMatch(/^Filter failure: PERCENT_PRICE: price 49 is below multiplierDown 0.5/);
    const ticked = [{ filterType: 'PRICE_FILTER', minPrice: '0.01', maxPrice: '1000', tickSize: '0.01' }];
    expect(verdict(ticked, { side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: d('1'), price: d('90'), stopPrice: d('95.001') })).toBe(
      'Filter failure: PRICE_FILTER: stopPrice 95.001 is not a multiple of tickSize 0.01',
    );
  });
});

describe('checkOpenOrderLimits', () => {
  const filters = [{ filterType: 'MAX_NUM_ORDERS', maxNumOrders: 3 }, { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 1 }];
  const limits = (type: 'LIMIT' | 'STOP_LOSS_LIMIT', all: number, algo: number): string => {
    try {
      checkOpenOrderLimits(filters, type, { all, algo });
      return 'ok';
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      return error.message;
    }
  };

  it('refuses the order beyond MAX_NUM_ORDERS, and a stop order beyond MAX_NUM_ALGO_ORDERS', () => {
    expect(limits('LIMIT', 2, 0)).toBe('ok');
    expect(limits('LIMIT', 3, 0)).toMatch(/^Filter failure: MAX_NUM_ORDERS/);
    expect(limits('LIMIT', 2, 1)).toBe('ok');
    expect(limits('STOP_LOSS_LIMIT', 1, 1)).toMatch(/^Filter failure: MAX_NUM_ALGO_ORDERS/);
  });
});

describe('quantityForQuote', () => {
  it('rounds down to LOT_SIZE and, where it has a step, MARKET_LOT_SIZE', () => {
    const lot = { filterType: 'LOT_SIZE', minQty: '0.00001', maxQty: '9000', stepSize: '0.00001' };
    expect(quantityForQuote([lot], d('100'), d('64000')).toFixed()).toBe('0.00156');
    const marketLot = { filterType: 'MARKET_LOT_SIZE', minQty: '0', maxQty: '100', stepSize: '0.001' };
    expect(quantityForQuote([lot, marketLot], d('100'), d('64')).toFixed()).toBe('1.562');
    expect(quantityForQuote([{ ...marketLot, stepSize: '0' }], d('100'), d('64')).toFixed()).toBe('1.5625');
  });
});
