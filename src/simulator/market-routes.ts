/**
 * Public market-data endpoints: ping, time, exchangeInfo, klines, uiKlines, ticker/price, avgPrice.
 */
import { BinanceError, illegalChars, invalidSymbol, missingParam } from './binance-error.js';
import { rateLimitsJson, symbolJson } from './exchange-info.js';
import { findInterval } from './intervals.js';
import { toKlineRow } from './kline-generator.js';
import { pageOpenTimes, type PageRequest } from './kline-paging.js';
import type { ExchangeState, Route, RouteRequest } from './route.js';
import { toMillis } from './signature.js';
import type { ListedSymbol } from './symbols.js';

const DEFAULT_KLINE_LIMIT = 500;
const MAX_KLINE_LIMIT = 1000;
const UTC_TIME_ZONES = new Set(['0', '+0', '-0', '00:00', '+00:00', '-00:00', '0:00', '+0:00']);
const STATUSES = new Set(['TRADING', 'END_OF_DAY', 'HALT', 'BREAK', 'CANCEL_ONLY']);

function symbolParam(state: ExchangeState, params: Record<string, string>): ListedSymbol {
  if (!params.symbol) throw missingParam('symbol');
  const listed = state.symbols.get(params.symbol);
  if (!listed) throw invalidSymbol();
  return listed;
}

/** `symbols=["BTCUSDT","ETHUSDT"]`, each one listed. */
function symbolsParam(state: ExchangeState, raw: string): ListedSymbol[] {
  let names: unknown;
  try {
    names = JSON.parse(raw);
  } catch {
    names = undefined;
  }
  if (!Array.isArray(names) || names.length === 0 || !names.every((n): n is string => typeof n === 'string')) {
    throw illegalChars('symbols', '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$');
  }
  return names.map((name) => {
    const listed = state.symbols.get(name);
    if (!listed) throw invalidSymbol();
    return listed;
  });
}

function timeParam(params: Record<string, string>, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,20}$/.test(raw)) throw illegalChars(name, '^[0-9]{1,20}$');
  return toMillis(Number(raw));
}

function klines(state: ExchangeState, { params }: RouteRequest): unknown {
  const listed = symbolParam(state, params);
  if (!params.interval) throw missingParam('interval');
  const interval = findInterval(params.interval);
  if (!interval) throw new BinanceError(400, -1120, 'Invalid interval.');
  if (params.timeZone !== undefined && !UTC_TIME_ZONES.has(params.timeZone)) {
    // Binance supports other zones; the simulator serves UTC buckets only, and says so loudly.
    throw new BinanceError(400, -1100, `Illegal characters found in parameter 'timeZone'; the simulator supports only UTC (0).`);
  }
  let limit = DEFAULT_KLINE_LIMIT;
  if (params.limit !== undefined && params.limit !== '') {
    limit = /^[0-9]{1,20}$/.test(params.limit) ? Number(params.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_KLINE_LIMIT)) {
      throw new BinanceError(400, -1100, `Illegal characters found in parameter 'limit'; legal range is '1..${MAX_KLINE_LIMIT}'.`);
    }
  }
  const request: PageRequest = { limit };
  const startTime = timeParam(params, 'startTime');
  const endTime = timeParam(params, 'endTime');
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) {
    throw new BinanceError(400, -1023, 'Start time is greater than end time.');
  }
  if (startTime !== undefined) request.startTime = startTime;
  if (endTime !== undefined) request.endTime = endTime;

  const now = state.clock.now();
  if (now < state.listingTime) return [];
  const first = interval.floor(state.listingTime);
  const last = interval.floor(now);
  return pageOpenTimes(interval, first, last, request).map((openTime) =>
    toKlineRow(state.generator.bar(listed, interval, openTime, now)),
  );
}

function exchangeInfo(state: ExchangeState, { params }: RouteRequest): unknown {
  const { symbol, symbols, symbolStatus } = params;
  const chosen = [symbol, symbols, symbolStatus].filter((p) => p !== undefined && p !== '');
  if (chosen.length > 1) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.');
  let listed = [...state.symbols.values()];
  if (symbol) listed = [symbolParam(state, params)];
  else if (symbols) listed = symbolsParam(state, symbols);
  else if (symbolStatus) {
    if (!STATUSES.has(symbolStatus)) throw illegalChars('symbolStatus', 'TRADING, END_OF_DAY, HALT, BREAK, CANCEL_ONLY');
    listed = listed.filter((s) => s.spec.status === symbolStatus);
  }
  return {
    timezone: 'UTC',
    serverTime: state.clock.now(),
    rateLimits: rateLimitsJson(state.weightLimitPerMinute),
    exchangeFilters: [],
    symbols: listed.map(symbolJson),
  };
}

function tickerPrice(state: ExchangeState, { params }: RouteRequest): unknown {
  if (params.symbol && params.symbols) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.');
  const one = (listed: ListedSymbol): { symbol: string; price: string } => ({
    symbol: listed.spec.symbol,
    price: state.prices.format(listed),
  });
  if (params.symbol) return one(symbolParam(state, params));
  const listed = params.symbols ? symbolsParam(state, params.symbols) : [...state.symbols.values()];
  return listed.map(one);
}

/** Every market-data route, bound to the exchange state. */
export function marketRoutes(state: ExchangeState): Route[] {
  const get = (path: string, weight: Route['weight'], answer: (request: RouteRequest) => unknown): Route => ({
    method: 'GET',
    path,
    weight,
    handle: (request) => ({ body: answer(request) }),
  });
  return [
    get('/api/v3/ping', () => 1, () => ({})),
    get('/api/v3/time', () => 1, () => ({ serverTime: state.clock.now() })),
    get('/api/v3/exchangeInfo', () => 20, (r) => exchangeInfo(state, r)),
    get('/api/v3/klines', () => 2, (r) => klines(state, r)),
    get('/api/v3/uiKlines', () => 2, (r) => klines(state, r)),
    get('/api/v3/ticker/price', (p) => (p.symbol ? 2 : 4), (r) => tickerPrice(state, r)),
    get('/api/v3/avgPrice', () => 2, ({ params }) => ({
      mins: 5,
      price: state.prices.format(symbolParam(state, params)),
      closeTime: state.clock.now(),
    })),
  ];
}
