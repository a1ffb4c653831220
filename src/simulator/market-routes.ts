/**
 * Public reference-data endpoints: ping, time, exchangeInfo, klines and uiKlines.
 */
import { BinanceError, illegalChars, missingParam } from './binance-error.js';
import { rateLimitsJson, symbolJson } from './exchange-info.js';
import { findInterval } from './intervals.js';
import { toKlineRow } from './kline-generator.js';
import { pageOpenTimes, type PageRequest } from './kline-paging.js';
import type { ExchangeState, Route, RouteRequest } from './route.js';
import { limitParam, symbolParam, symbolsParam, timeWindow } from './route-params.js';

const DEFAULT_KLINE_LIMIT = 500;
const MAX_KLINE_LIMIT = 1000;
const UTC_TIME_ZONES = new Set(['0', '+0', '-0', '00:00', '+00:00', '-00:00', '0:00', '+0:00']);
const STATUSES = new Set(['TRADING', 'END_OF_DAY', 'HALT', 'BREAK', 'CANCEL_ONLY']);

function klines(state: ExchangeState, { params }: RouteRequest): unknown {
  const listed = symbolParam(state.symbols, params);
  if (!params.interval) throw missingParam('interval');
  const interval = findInterval(params.interval);
  if (!interval) throw new BinanceError(400, -1120, 'Invalid interval.');
  if (params.timeZone !== undefined && !UTC_TIME_ZONES.has(params.timeZone)) {
    // Binance supports other zones; the simulator serves UTC buckets only, and says so loudly.
    throw new BinanceError(400, -1100, `Illegal characters found in parameter 'timeZone'; the simulator supports only UTC (0).`);
  }
  const request: PageRequest = { limit: limitParam(params, DEFAULT_KLINE_LIMIT, MAX_KLINE_LIMIT), ...timeWindow(params) };
  const now = state.clock.now();
  if (now < state.listingTime) return [];
  const { bars } = state.markets.synced(listed.spec.symbol);
  const first = interval.floor(state.listingTime);
  const last = interval.floor(now);
  return pageOpenTimes(interval, first, last, request).map((openTime) => toKlineRow(bars.bar(interval, openTime, now)));
}

function exchangeInfo(state: ExchangeState, { params }: RouteRequest): unknown {
  const { symbol, symbols, symbolStatus } = params;
  const chosen = [symbol, symbols, symbolStatus].filter((p) => p !== undefined && p !== '');
  if (chosen.length > 1) throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.');
  let listed = [...state.symbols.values()];
  if (symbol) listed = [symbolParam(state.symbols, params)];
  else if (symbols) listed = symbolsParam(state.symbols, symbols);
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

/** A GET route answering JSON. */
export function getRoute(path: string, weight: Route['weight'], answer: (request: RouteRequest) => unknown): Route {
  return { method: 'GET', path, weight, handle: (request) => ({ body: answer(request) }) };
}

/** Every reference-data route, bound to the exchange state. */
export function marketRoutes(state: ExchangeState): Route[] {
  return [
    getRoute('/api/v3/ping', () => 1, () => ({})),
    getRoute('/api/v3/time', () => 1, () => ({ serverTime: state.clock.now() })),
    getRoute('/api/v3/exchangeInfo', () => 20, (r) => exchangeInfo(state, r)),
    getRoute('/api/v3/klines', () => 2, (r) => klines(state, r)),
    getRoute('/api/v3/uiKlines', () => 2, (r) => klines(state, r)),
  ];
}
