/** RateLimitBudget: what a key has left of one rate-limited field, for Viewer.rateLimits. */
import type { GraphQLSchema } from 'graphql';
import { builder } from '../schema/builder.js';
import type { FieldRateLimiter } from './field-rate-limiter.js';
import { rateLimitedFields } from '../schema/field-policy.js';

export interface RateLimitBudget {
  field: string;
  max: number;
  window: string;
  windowSeconds: number;
  remaining: number;
}

export const RateLimitBudgetRef = builder.objectRef<RateLimitBudget>('RateLimitBudget').implement({
  description: "One rate-limited field's budget for the calling API key (a sliding window).",
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Schema coordinate of the field, e.g. Mutation.trade.' }),
    max: t.exposeInt('max', { description: 'Calls allowed per window.' }),
    window: t.exposeString('window', { description: 'The window as @rateLimit states it, e.g. "1m".' }),
    windowSeconds: t.exposeInt('windowSeconds'),
    remaining: t.exposeInt('remaining', { description: 'Calls left in the window that ends now.' }),
  }),
});

/** The key's budget on every @rateLimit field of the schema, with the limits in force. */
export async function budgetsOf(viewerId: string, limiter: FieldRateLimiter, schema: GraphQLSchema): Promise<RateLimitBudget[]> {
  return Promise.all(
    rateLimitedFields(schema).map(async (policy) => {
      const limit = limiter.limitOf(policy);
      return {
        field: policy.coordinate,
        max: limit.max,
        window: limit.window,
        windowSeconds: limit.windowMs / 1000,
        remaining: await limiter.remaining(viewerId, policy),
      };
    }),
  );
}
