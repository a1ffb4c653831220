/**
 * The exchange endpoints the client calls, with their request weights (binance-spot reference §1,
 * §2, §4). The one list: the client sends through it and the metrics label upstream calls from it.
 */

export interface Endpoint {
  method: 'GET' | 'POST' | 'DELETE';
  /** Relative to BINANCE_BASE_URL, without a leading slash (got's prefixUrl). */
  path: string;
  /** What one call costs in the exchange's REQUEST_WEIGHT budget. */
  weight: number;
}

export const endpoints = {
  klines: { method: 'GET', path: 'api/v3/klines', weight: 2 },
  exchangeInfo: { method: 'GET', path: 'api/v3/exchangeInfo', weight: 20 },
  tickerPrice: { method: 'GET', path: 'api/v3/ticker/price', weight: 2 },
  time: { method: 'GET', path: 'api/v3/time', weight: 1 },
  placeOrder: { method: 'POST', path: 'api/v3/order', weight: 1 },
  queryOrder: { method: 'GET', path: 'api/v3/order', weight: 4 },
  account: { method: 'GET', path: 'api/v3/account', weight: 20 },
} as const satisfies Record<string, Endpoint>;

/** Every distinct path the client calls, as `/api/v3/...` (the metrics' endpoint label values). */
export const endpointPaths: readonly string[] = [...new Set(Object.values(endpoints).map((e) => `/${e.path}`))];
