/**
 * Order.averagePrice: the executedQuantity-weighted price of the fills, Σ price × quantity / Σ
 * quantity (Binance's cummulativeQuoteQty / executedQty). A quotient of decimals need not end, so it
 * is cut to eight decimals more than the most precise fill price (half-even): exact wherever the
 * average is a price the exchange could print, and far below a tick otherwise.
 */
import { Dec, formatDecimal } from './decimal.js';
import { fractionDigits } from '../market-data/trade.js';
import type { Fill } from './order.js';


/** The average price of `fills`; null when nothing was filled. */
export function averagePriceOf(order: { fills: readonly Fill[] }): string | null {
  let quantity = new Dec(0);
  let quote = new Dec(0);
  let digits = 0;
  for (const fill of order.fills) {
    quantity = quantity.plus(fill.quantity);
    quote = quote.plus(new Dec(fill.price).times(fill.quantity));
    digits = Math.max(digits, fractionDigits(fill.price));
  }
  if (quantity.isZero()) return null;
  return formatDecimal(quote.div(quantity).toDecimalPlaces(digits + 8, Dec.ROUND_HALF_EVEN));
}
