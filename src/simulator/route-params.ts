/**
 * Reading the query parameters endpoints share, with Binance's errors: symbol(s) (-1102, -1121,
 * -1100 for a malformed `symbols` array), times (ms or µs), limits with their ranges, ids.
 */
import { BinanceError, illegalChars, invalidSymbol, missingParam } from './binance-error.js';
import { toMillis } from './signature.js';
import type { ListedSymbol } from './symbols.js';

export function symbolParam(symbols: Map<string, ListedSymbol>, params: Record<string, string>): ListedSymbol {
  if (!params.symbol) throw missingParam('symbol');
  const listed = symbols.get(params.symbol);
  if (!listed) throw invalidSymbol();
  return listed;
}

/** `symbols=["BTCUSDT","ETHUSDT"]`, each one listed. */
export function symbolsParam(symbols: Map<string, ListedSymbol>, raw: string): ListedSymbol[] {
  let names: unknown;
  try {
    names = JSON.parse(raw);
  } catch {
    names = undefined;
  }
  if (!Array.isArray(names) || names.length === 0 || !names.every((n): n is string => typeof n === 'string')) {
    throw illegalChars('symbols', '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$');
  }
  if (new Set(names).size !== names.length) throw new BinanceError(400, -1151, 'Symbol is present multiple times in the list.');
  return names.map((name) => {
    const listed = symbols.get(name);
    if (!listed) throw invalidSymbol();
    return listed;
  });
}

/** One symbol (`symbol`), several (`symbols`) or every listed one; never both parameters. */
export function symbolSelection(symbols: Map<string, ListedSymbol>, params: Record<string, string>): { one?: ListedSymbol; many: ListedSymbol[] } {
  if (params.symbol && params.symbols) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.');
  if (params.symbol) {
    const one = symbolParam(symbols, params);
    return { one, many: [one] };
  }
  return { many: params.symbols ? symbolsParam(symbols, params.symbols) : [...symbols.values()] };
}

/** An epoch time in ms (µs accepted), or undefined when absent. */
export function timeParam(params: Record<string, string>, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,20}$/.test(raw)) throw illegalChars(name, '^[0-9]{1,20}$');
  return toMillis(Number(raw));
}

/** A non-negative integer id, or undefined when absent. */
export function idParam(params: Record<string, string>, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,20}$/.test(raw)) throw illegalChars(name, '^[0-9]{1,20}$');
  return Number(raw);
}

/** `limit` within 1..max (default `fallback`); `clamp` answers max for anything above it (depth does). */
export function limitParam(params: Record<string, string>, fallback: number, max: number, clamp = false): number {
  const raw = params.limit;
  if (raw === undefined || raw === '') return fallback;
  const limit = /^[0-9]{1,20}$/.test(raw) ? Number(raw) : NaN;
  if (clamp && limit > max) return max;
  if (!(limit >= 1 && limit <= max)) throw new BinanceError(400, -1100, `Illegal characters found in parameter 'limit'; legal range is '1..${max}'.`);
  return limit;
}

/** startTime ≤ endTime, and (when `maxSpanMs` is given) at most that far apart. */
export function timeWindow(params: Record<string, string>, maxSpanMs?: number): { startTime?: number; endTime?: number } {
  const startTime = timeParam(params, 'startTime');
  const endTime = timeParam(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined) {
    if (startTime > endTime) throw new BinanceError(400, -1023, 'Start time is greater than end time.');
    if (maxSpanMs !== undefined && endTime - startTime > maxSpanMs) throw new BinanceError(400, -1127, 'More than 24 hours between startTime and endTime.');
  }
  const out: { startTime?: number; endTime?: number } = {};
  if (startTime !== undefined) out.startTime = startTime;
  if (endTime !== undefined) out.endTime = endTime;
  return out;
}
