/**
 * A symbol's whole ticks and steps as Binance's 8-decimal strings, and the few derived amounts
 * (quote value of a trade, signed price changes) that REST answers, streams and reports share.
 */
import { E8, formatBigUnits, formatUnits } from './decimals.js';
import type { Levels } from './book-view.js';
import type { BookSnapshot } from './book-updates.js';
import type { ListedSymbol } from './symbols.js';

export function priceText(symbol: ListedSymbol, ticks: number): string {
  return formatUnits(ticks * symbol.tickUnits);
}

export function qtyText(symbol: ListedSymbol, steps: number): string {
  const units = steps * symbol.stepUnits;
  return Number.isSafeInteger(units) ? formatUnits(units) : formatBigUnits(BigInt(steps) * BigInt(symbol.stepUnits));
}

/** Price × quantity of `steps` at `ticks`, exact to 1e-16, printed cut to 8 decimals. */
export function quoteText(symbol: ListedSymbol, ticks: number, steps: number): string {
  return e16Text(BigInt(ticks) * BigInt(steps) * BigInt(symbol.tickUnits) * BigInt(symbol.stepUnits));
}

/** An amount in 1e-16 units, cut to 8 decimals. */
export function e16Text(amount: bigint): string {
  return formatBigUnits(amount / E8);
}

/** A signed difference in 1e-8 units ("-12.50000000"). */
export function signedUnitsText(units: number): string {
  return units < 0 ? `-${formatUnits(-units)}` : formatUnits(units);
}

/** Book levels as `[["price","qty"], …]`. */
export function levelsJson(symbol: ListedSymbol, levels: Levels): Array<[string, string]> {
  return levels.map(([ticks, steps]) => [priceText(symbol, ticks), qtyText(symbol, steps)]);
}

/** A depth snapshot as `{lastUpdateId, bids, asks}` (REST depth, partial depth streams, the test hooks), each side cut to `depth` levels when given. */
export function snapshotJson(symbol: ListedSymbol, snapshot: BookSnapshot, depth?: number): { lastUpdateId: number; bids: Array<[string, string]>; asks: Array<[string, string]> } {
  const side = (levels: Levels): Array<[string, string]> => levelsJson(symbol, depth === undefined ? levels : levels.slice(0, depth));
  return { lastUpdateId: snapshot.lastUpdateId, bids: side(snapshot.bids), asks: side(snapshot.asks) };
}
