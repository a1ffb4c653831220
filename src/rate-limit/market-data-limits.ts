/**
 * The per-key budget of the market-data fields. 600 calls a minute (10 a second, sustained) is far
 * more than a bot polling a few symbols needs, while one key at its limit, all cache misses of one
 * page (weight 2), spends 1200 of the exchange's typical 6000 weight a minute per IP: one busy key
 * cannot starve the others. RATE_LIMIT_MARKET_DATA_PER_MINUTE overrides it.
 */
import type { FieldLimit } from './field-limit.js';

export const marketDataCallsPerMinute = 600;

/** The @rateLimit arguments the market-data fields carry in the schema. */
export const marketDataRateLimit: FieldLimit = { max: marketDataCallsPerMinute, window: '1m' };

/** Schema coordinates of the fields that carry {@link marketDataRateLimit}. */
export const marketDataFields = ['Query.ohlcv', 'Query.market', 'Query.markets', 'Market.candles'] as const;

/** The overrides (FieldRateLimiter) that give every market-data field `perMinute` calls a minute. */
export function marketDataOverrides(perMinute: number): Record<string, FieldLimit> {
  return Object.fromEntries(marketDataFields.map((field) => [field, { max: perMinute, window: '1m' }]));
}
