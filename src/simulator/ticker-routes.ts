/**
 * Price endpoints: ticker/price, ticker/bookTicker, ticker/24hr (FULL and MINI) and avgPrice,
 * each for one symbol, a `symbols` list or all, with Binance's weights and `symbolStatus` rule
 * (a single symbol that does not match is -1220; in a list it is left out).
 */
import { BinanceError, illegalChars } from './binance-error.js';
import { getRoute } from './market-routes.js';
import { averagePrice, bookTop, lastPriceText, ticker24h, type Ticker24h } from './market-stats.js';
import type { ExchangeState, Route, RouteRequest } from './route.js';
import { symbolParam, symbolSelection } from './route-params.js';
import type { ListedSymbol } from './symbols.js';

const MATCHABLE_STATUSES = new Set(['TRADING', 'HALT', 'BREAK']);

/** Symbols selected by symbol/symbols, filtered by symbolStatus; one object or an array, as asked. */
function perSymbol<T>(state: ExchangeState, params: Record<string, string>, answer: (symbol: ListedSymbol) => T): T | T[] {
  const { one, many } = symbolSelection(state.symbols, params);
  const status = params.symbolStatus || undefined;
  if (status !== undefined && !MATCHABLE_STATUSES.has(status)) throw illegalChars('symbolStatus', 'TRADING, HALT, BREAK');
  if (one) {
    if (status !== undefined && one.spec.status !== status) throw new BinanceError(400, -1220, "The symbol's status does not match the requested symbolStatus.");
    return answer(one);
  }
  return many.filter((s) => status === undefined || s.spec.status === status).map(answer);
}

/** How many symbols a request names (for weights): 1 for `symbol`, the list's length, or all. */
function countSymbols(params: Record<string, string>): number {
  if (params.symbol) return 1;
  if (!params.symbols) return Infinity;
  try {
    const names: unknown = JSON.parse(params.symbols);
    return Array.isArray(names) ? names.length : 1;
  } catch {
    return 1;
  }
}

const MINI_FIELDS = ['symbol', 'openPrice', 'highPrice', 'lowPrice', 'lastPrice', 'volume', 'quoteVolume', 'openTime', 'closeTime', 'firstId', 'lastId', 'count'] as const;

function ticker(state: ExchangeState, { params }: RouteRequest): unknown {
  const type = params.type || 'FULL';
  if (type !== 'FULL' && type !== 'MINI') throw new BinanceError(400, -1139, 'Invalid ticker type.');
  const now = state.clock.now();
  return perSymbol(state, params, (symbol) => {
    const { market, bars } = state.markets.synced(symbol.spec.symbol);
    const full = ticker24h(market, bars, now);
    return type === 'FULL' ? full : Object.fromEntries(MINI_FIELDS.map((k) => [k, full[k as keyof Ticker24h]]));
  });
}

/** Every price route, bound to the exchange state. */
export function tickerRoutes(state: ExchangeState): Route[] {
  const now = (): number => state.clock.now();
  const oneOrMany = (params: Record<string, string>): number => (params.symbol ? 2 : 4);
  return [
    getRoute('/api/v3/ticker/price', oneOrMany, ({ params }) =>
      perSymbol(state, params, (symbol) => {
        const { market, bars } = state.markets.synced(symbol.spec.symbol);
        return { symbol: symbol.spec.symbol, price: lastPriceText(market, bars, now()) };
      })),
    getRoute('/api/v3/ticker/bookTicker', oneOrMany, ({ params }) =>
      perSymbol(state, params, (symbol) => ({ symbol: symbol.spec.symbol, ...bookTop(state.markets.synced(symbol.spec.symbol).market) }))),
    getRoute('/api/v3/ticker/24hr', (params) => {
      const n = countSymbols(params);
      return n <= 20 ? 2 : n <= 100 ? 40 : 80;
    }, (r) => ticker(state, r)),
    getRoute('/api/v3/avgPrice', () => 2, ({ params }) => {
      const { market, bars } = state.markets.synced(symbolParam(state.symbols, params).spec.symbol);
      return averagePrice(market, bars, now());
    }),
  ];
}
