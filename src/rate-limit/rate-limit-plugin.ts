/**
 * Pothos plugin: every field that carries @rateLimit counts each call against the caller's budget
 * (FieldRateLimiter, on the context's services) before its resolver runs.
 *
 * A builder plugin rather than a schema transform so that it runs inside scope-auth (listed after
 * it in builder.ts): a call the key has no scope for is refused as FORBIDDEN and spends no budget.
 * The directive's arguments are read from the same field extensions that graphql-tools'
 * getDirective reads, so what the printed schema shows is what is enforced.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { UnauthenticatedError } from '../schema/errors.js';
import { parseFieldLimit, type ParsedFieldLimit } from './field-limit.js';
import type { FieldRateLimiter } from './field-rate-limiter.js';

const pluginName = 'rateLimit';

/** What the wrapper needs of the gateway's context (server/context.ts). */
interface RateLimitContext {
  viewer: { id: string } | null;
  services: { rateLimiter: FieldRateLimiter };
}

/**
 * The @rateLimit arguments in a field's `extensions.directives`, in either of plugin-directives'
 * shapes: `{ rateLimit: [args] }` (useGraphQLToolsUnorderedDirectives) or `[{ name, args }]`.
 */
export function declaredRateLimit(coordinate: string, directives: unknown): ParsedFieldLimit | undefined {
  let args: unknown;
  if (Array.isArray(directives)) {
    args = (directives as { name?: unknown; args?: unknown }[]).find((d) => d.name === 'rateLimit')?.args;
  } else if (directives && typeof directives === 'object') {
    const entry = (directives as Record<string, unknown>)['rateLimit'];
    args = Array.isArray(entry) ? (entry[0] as unknown) : entry;
  }
  if (args === undefined) return undefined;
  return parseFieldLimit(coordinate, (args ?? {}) as Record<string, unknown>);
}

export class RateLimitPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const coordinate = `${fieldConfig.parentType}.${fieldConfig.name}`;
    const declared = declaredRateLimit(coordinate, fieldConfig.extensions?.['directives']);
    if (!declared) return resolver;
    // Reads may go on while the store is down; mutations may not run unmetered.
    const failOpen = fieldConfig.kind !== 'Mutation';
    return async (parent, args, context, info) => {
      // Pothos types the context generically; the gateway's context has this shape.
      const { viewer, services } = context as unknown as RateLimitContext;
      if (!viewer) throw new UnauthenticatedError();
      const call = { parent, args: args as Record<string, unknown>, context, info };
      await services.rateLimiter.consume(viewer.id, coordinate, declared, call, failOpen);
      return resolver(parent, args, context, info);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, RateLimitPlugin);

declare global {
  // Pothos plugins register their types in this global namespace; there is no module form.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      rateLimit: RateLimitPlugin<Types>;
    }
  }
}

export default pluginName;
