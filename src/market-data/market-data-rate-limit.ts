/**
 * The per-key budget of the market-data fields. 600 calls a minute (10 a second, sustained) is far
 * more than a bot polling a few symbols needs, while one key at its limit, all cache misses of one
 * page (weight 2), spends 1200 of the exchange's typical 6000 weight a minute per IP: one busy key
 * cannot starve the others. RATE_LIMIT_MARKET_DATA_PER_MINUTE overrides it for every field that
 * declares it.
 */
import type { FieldRateLimit } from '../schema/field-policy.js';

export const marketDataCallsPerMinute = 600;

/** The name of the budget configuration may override. */
export const marketDataBudget = 'marketData';

/** The `rateLimit` every market-data field declares. */
export const marketDataRateLimit: FieldRateLimit = { max: marketDataCallsPerMinute, window: '1m', budget: marketDataBudget };
