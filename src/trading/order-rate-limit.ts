/**
 * The contract's default budget of order placement: 10 calls a minute per API key, on `trade` and
 * `liveTrade` each. A named budget, so a benchmark (or a future setting) can replace its limit in
 * one place (FieldRateLimiter's budgets).
 */
import type { FieldRateLimit } from '../schema/field-policy.js';

export const ordersBudget = 'orders';

export const orderRateLimit: FieldRateLimit = { max: 10, window: '1m', budget: ordersBudget };
