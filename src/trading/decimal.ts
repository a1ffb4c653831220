/**
 * Decimal arithmetic for trading: every amount is a decimal.js value inside and a plain decimal
 * string outside, never a float. The clone carries enough significant digits that sums and products
 * of exchange-sized numbers (20 + 20 digits) are exact: nothing is rounded unless a rule says so.
 */
import { Decimal } from 'decimal.js';

export const Dec = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = Decimal;

/** A value as a plain decimal string: no exponent, no trailing zeros, never "-0" ("9936", "0.000064"). */
export function formatDecimal(value: Decimal): string {
  return value.isZero() ? '0' : value.toFixed();
}

/** `value` rounded down to a whole number of `step`s; a zero step leaves it as it is. */
export function floorToStep(value: Decimal, step: Decimal): Decimal {
  return step.isZero() ? value : value.div(step).floor().times(step);
}
