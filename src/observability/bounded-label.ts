/**
 * Keeps metric label values in bounded sets. Every distinct label value is a time series that
 * Prometheus stores forever, and operation names are chosen by clients: unbounded, a scanner
 * sending random names would grow the registry without end.
 */

/** The first `max` distinct values are kept as they are; every later one reads "other". */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    // GraphQL names are [_A-Za-z][_0-9A-Za-z]*; anything else (or very long) is not worth a series.
    if (this.seen.size >= this.max || raw.length > 64 || !/^[_A-Za-z][_0-9A-Za-z]*$/.test(raw)) return 'other';
    this.seen.add(raw);
    return raw;
  }
}

/** Codes an operation can end with: the contract's, plus those Yoga and the masking give. */
const knownOutcomes = new Set([
  'ok',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'BAD_USER_INPUT',
  'INSUFFICIENT_BALANCE',
  'LIVE_TRADING_DISABLED',
  'ORDER_REJECTED',
  'UPSTREAM_RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);

/** An outcome label: a known code as it is, any other as "error". */
export function outcomeLabel(outcome: string): string {
  return knownOutcomes.has(outcome) ? outcome : 'error';
}

/** The exchange endpoints the client calls (exchange/binance-client.ts). */
const knownEndpoints = new Set([
  '/api/v3/klines',
  '/api/v3/exchangeInfo',
  '/api/v3/ticker/price',
  '/api/v3/time',
  '/api/v3/ping',
  '/api/v3/order',
  '/api/v3/avgPrice',
  '/api/v3/account',
]);

export function upstreamEndpointLabel(endpoint: string): string {
  return knownEndpoints.has(endpoint) ? endpoint : 'other';
}
