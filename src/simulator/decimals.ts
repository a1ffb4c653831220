/**
 * Decimal strings the way Binance writes and reads them. Prices in generated klines are whole
 * numbers of 1e-8 units so they format exactly without decimal.js in the hot path; order maths
 * uses decimal.js (never floats), with enough precision for quantity = quote / price.
 */
import { Decimal } from 'decimal.js';

/** Decimal arithmetic for orders and filters: 40 significant digits, so no division ever rounds a step away. */
export const Dec = Decimal.clone({ precision: 40 });
export type Dec = Decimal;

/** What Binance accepts for prices and quantities: no sign, no exponent, at most 20+20 digits. */
export const DECIMAL_PATTERN = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;

const UNITS_PER_ONE = 100_000_000;

/** Throws unless `value` is a Binance decimal string with at most 8 significant decimals. */
export function assertDecimal(value: string): void {
  if (!DECIMAL_PATTERN.test(value)) throw new RangeError(`expected a decimal string like "0.01", received "${value}"`);
  const fraction = value.split('.')[1] ?? '';
  if (fraction.replace(/0+$/, '').length > 8) throw new RangeError(`at most 8 decimals are supported, received "${value}"`);
}

/** `"0.01"` → 1000000 (units of 1e-8). Throws when the string has more than 8 decimals. */
export function toUnits(value: string): number {
  assertDecimal(value);
  const [whole = '0', fraction = ''] = value.split('.');
  const units = Number(whole) * UNITS_PER_ONE + Number(fraction.padEnd(8, '0').slice(0, 8));
  if (!Number.isSafeInteger(units)) throw new RangeError(`"${value}" is too large to represent in 1e-8 units`);
  return units;
}

/** 6412345000000 → "64123.45000000". `units` must be a non-negative safe integer. */
export function formatUnits(units: number): string {
  const whole = Math.floor(units / UNITS_PER_ONE);
  // 1e8 + fraction has nine digits; dropping the leading 1 pads the fraction to eight (faster than padStart).
  return `${whole}.${String(UNITS_PER_ONE + units - whole * UNITS_PER_ONE).slice(1)}`;
}

/**
 * A float amount (volumes) as Binance's 8-decimal string, rounded down: monotonic, so a growing
 * volume never shows less, and a part (taker volume) never more than its whole.
 */
export function formatAmount(value: number): string {
  if (!(value > 0)) return '0.00000000';
  const units = Math.floor(value * UNITS_PER_ONE);
  return Number.isSafeInteger(units) ? formatUnits(units) : value.toFixed(8);
}

/** Any decimal as an 8-decimal string, rounded down (Binance never reports more than was traded). */
export function fmt8(value: Dec): string {
  return value.toFixed(8, Decimal.ROUND_DOWN);
}

/** 1e8 as a bigint: 1e-8 units per one, and 1e-16 units per 1e-8 unit. */
export const E8 = 100_000_000n;

/** A non-negative count of 1e-8 units of any size as Binance's 8-decimal string. */
export function formatBigUnits(units: bigint): string {
  const whole = units / E8;
  return `${whole}.${String(E8 + (units - whole * E8)).slice(1)}`;
}

/** "123.45678901" → 12345678901n (units of 1e-8; further decimals are cut off). */
export function bigUnitsOf(value: string): bigint {
  const [whole = '0', fraction = ''] = value.split('.');
  return BigInt(whole) * E8 + BigInt(fraction.padEnd(8, '0').slice(0, 8));
}
