/** Every field of a schema that carries @rateLimit, read with graphql-tools' getDirective. */
import { getDirective } from '@graphql-tools/utils';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { parseFieldLimit, type ParsedFieldLimit } from './field-limit.js';

export interface RateLimitedField {
  /** Schema coordinate, e.g. "Mutation.trade". */
  coordinate: string;
  /** The directive's arguments. */
  declared: ParsedFieldLimit;
}

// A schema never changes once built, so each is walked once.
const cache = new WeakMap<GraphQLSchema, RateLimitedField[]>();

/** The schema's @rateLimit fields, sorted by coordinate. */
export function rateLimitedFields(schema: GraphQLSchema): RateLimitedField[] {
  const cached = cache.get(schema);
  if (cached) return cached;
  const found: RateLimitedField[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const args = getDirective(schema, field, 'rateLimit')?.[0];
      if (!args) continue;
      const coordinate = `${type.name}.${field.name}`;
      found.push({ coordinate, declared: parseFieldLimit(coordinate, args) });
    }
  }
  found.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
  cache.set(schema, found);
  return found;
}
