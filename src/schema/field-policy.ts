/**
 * What a field declares about itself besides its type, where the field is defined: the scopes a
 * key needs (Pothos scope-auth's `authScopes`), its rate limit (`rateLimit`, printed as
 * @rateLimit), whether its answer is the same for every key that may read it (`cacheable`), and
 * for a subscription whether its events are shared by every subscriber (`sharedEvents`).
 * field-policy-plugin.ts records these on the built field; everything that needs them (the rate
 * limiter, Viewer.rateLimits, the query cache, metrics) reads them back through this module.
 */
import { isObjectType, type GraphQLField, type GraphQLSchema } from 'graphql';
import type { FieldLimit, ParsedFieldLimit } from './field-limit.js';

/** A field's `rateLimit` option: `max` calls per `window` per API key. */
export interface FieldRateLimit extends FieldLimit {
  /**
   * A named budget whose limit configuration may override (e.g. RATE_LIMIT_MARKET_DATA_PER_MINUTE
   * for every market-data field); the declared max and window are its defaults.
   */
  budget?: string;
  /** Arguments whose values get a budget of their own (graphql-rate-limit's identityArgs). @default none */
  identityArgs?: readonly string[];
}

/** The policy recorded on a built field. */
export interface FieldPolicy {
  /** Schema coordinate, e.g. "Query.ohlcv". */
  coordinate: string;
  /** Scopes a key needs; undefined where authScopes is computed per call (never cacheable then). */
  scopes: readonly string[] | undefined;
  rateLimit: (ParsedFieldLimit & Pick<FieldRateLimit, 'budget' | 'identityArgs'>) | undefined;
  cacheable: boolean;
  /** A subscription whose every event is one object for all its subscribers, with a result that does not depend on who asks. */
  sharedEvents: boolean;
}

/** The extension key the plugin records the policy under. */
export const fieldPolicyExtension = 'gatewayFieldPolicy';

export function fieldPolicyOf(field: Pick<GraphQLField<unknown, unknown>, 'extensions'>): FieldPolicy | undefined {
  return field.extensions[fieldPolicyExtension] as FieldPolicy | undefined;
}

// A schema never changes once built, so each is walked once.
const rateLimitedBySchema = new WeakMap<GraphQLSchema, FieldPolicy[]>();

/** The policies of every rate-limited field of the schema, sorted by coordinate. */
export function rateLimitedFields(schema: GraphQLSchema): FieldPolicy[] {
  const cached = rateLimitedBySchema.get(schema);
  if (cached) return cached;
  const found: FieldPolicy[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const policy = fieldPolicyOf(field);
      if (policy?.rateLimit) found.push(policy);
    }
  }
  found.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
  rateLimitedBySchema.set(schema, found);
  return found;
}
