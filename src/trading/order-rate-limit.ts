/**
 * The contract's default budget of order placement: 10 calls a minute per API key, on `trade` and
 * `liveTrade` each. A named budget, so a benchmark (or a future setting) can replace its limit in
 * one place (FieldRateLimiter's budgets).
 */
import type { FieldRateLimit } from '../schema/field-policy.js';

export const ordersBudget = 'orders';

export const orderRateLimit: FieldRateLimit = { max: 10, window: '1m', budget: ordersBudget };

export const cancelsBudget = 'cancels';

/**
 * Cancels and cancel-alls: 60 calls a minute per API key on each field. More than placements,
 * since a bot cancels and replaces more often than it trades, and a cancel only ever releases funds;
 * still bounded, because each live one is an exchange request.
 */
export const cancelRateLimit: FieldRateLimit = { max: 60, window: '1m', budget: cancelsBudget };
