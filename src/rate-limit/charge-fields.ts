/**
 * Charges rate-limited field calls that are answered without executing (the cached-query fast
 * path), through the same limiter and counters as executed calls.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { RateLimitedError } from '../schema/errors.js';
import type { Viewer } from '../context.js';
import type { ChargedField } from '../server/query-result-cache.js';
import { parseFieldLimit } from './field-limit.js';
import type { FieldRateLimiter } from './field-rate-limiter.js';

/** False when a budget is spent: the caller then executes normally, which answers RATE_LIMITED. */
export async function chargeFields(limiter: FieldRateLimiter, viewer: Viewer, fields: readonly ChargedField[]): Promise<boolean> {
  for (const field of fields) {
    const fieldName = field.coordinate.slice(field.coordinate.indexOf('.') + 1);
    try {
      await limiter.consume(
        viewer.id,
        field.coordinate,
        parseFieldLimit(field.coordinate, { ...field.limit }),
        // graphql-rate-limit reads only info.fieldName and the args of a call.
        { parent: undefined, args: field.args, context: undefined, info: { fieldName } as GraphQLResolveInfo },
        true,
      );
    } catch (error) {
      if (error instanceof RateLimitedError) return false;
      throw error;
    }
  }
  return true;
}
