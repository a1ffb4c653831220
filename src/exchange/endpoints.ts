/**
 * The exchange endpoints the client calls, with their request weights (binance-spot reference §1,
 * §2, §4, §13). The one list: the client sends through it and the metrics label upstream calls from
 * it. Where the exchange charges by the request (depth by its limit, ticker/24hr by how many symbols
 * it names), the weight is a function of the parameters sent.
 */

/** The parameters of one call, as the client sends them. */
export type EndpointParams = Readonly<Record<string, string | number | undefined>>;

export interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to BINANCE_BASE_URL, without a leading slash (got's prefixUrl). */
  path: string;
  /** What one call costs in the exchange's REQUEST_WEIGHT budget, fixed or by its parameters. */
  weight: number | ((params: EndpointParams) => number);
}

/** GET /api/v3/depth by limit (since 2023-10-19): 1–100: 5, 101–500: 25, 501–1000: 50, 1001–5000: 250. */
export function depthWeight(params: EndpointParams): number {
  const limit = Number(params.limit ?? 100);
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
}

/** GET /api/v3/ticker/24hr: one symbol 2; a list of 1–20: 2, 21–100: 40, more: 80; all symbols 80. */
export function ticker24hrWeight(params: EndpointParams): number {
  if (params.symbol !== undefined) return 2;
  if (params.symbols === undefined) return 80;
  const count = String(params.symbols).split(',').length;
  return count <= 20 ? 2 : count <= 100 ? 40 : 80;
}

/** GET /api/v3/openOrders: 6 for one symbol, 80 for all. */
export function openOrdersWeight(params: EndpointParams): number {
  return params.symbol === undefined ? 80 : 6;
}

/** GET /api/v3/myTrades: 20, or 5 with orderId (since 2025-04-07). */
export function myTradesWeight(params: EndpointParams): number {
  return params.orderId === undefined ? 20 : 5;
}

export const endpoints = {
  klines: { method: 'GET', path: 'api/v3/klines', weight: 2 },
  exchangeInfo: { method: 'GET', path: 'api/v3/exchangeInfo', weight: 20 },
  tickerPrice: { method: 'GET', path: 'api/v3/ticker/price', weight: 2 },
  bookTicker: { method: 'GET', path: 'api/v3/ticker/bookTicker', weight: 2 },
  ticker24hr: { method: 'GET', path: 'api/v3/ticker/24hr', weight: ticker24hrWeight },
  depth: { method: 'GET', path: 'api/v3/depth', weight: depthWeight },
  trades: { method: 'GET', path: 'api/v3/trades', weight: 25 },
  historicalTrades: { method: 'GET', path: 'api/v3/historicalTrades', weight: 25 },
  time: { method: 'GET', path: 'api/v3/time', weight: 1 },
  placeOrder: { method: 'POST', path: 'api/v3/order', weight: 1 },
  queryOrder: { method: 'GET', path: 'api/v3/order', weight: 4 },
  account: { method: 'GET', path: 'api/v3/account', weight: 20 },
  avgPrice: { method: 'GET', path: 'api/v3/avgPrice', weight: 2 },
  // A successful cancel costs 0 since 2026-04-02, a failed one 1: reserved at 1, as the worse case.
  cancelOrder: { method: 'DELETE', path: 'api/v3/order', weight: 1 },
  openOrders: { method: 'GET', path: 'api/v3/openOrders', weight: openOrdersWeight },
  myTrades: { method: 'GET', path: 'api/v3/myTrades', weight: myTradesWeight },
} as const satisfies Record<string, Endpoint>;

/** What one call of `endpoint` with `params` costs. */
export function weightOf(endpoint: Endpoint, params: EndpointParams = {}): number {
  return typeof endpoint.weight === 'number' ? endpoint.weight : endpoint.weight(params);
}

/** Every distinct path the client calls, as `/api/v3/...` (the metrics' endpoint label values). */
export const endpointPaths: readonly string[] = [...new Set(Object.values(endpoints).map((e) => `/${e.path}`))];
