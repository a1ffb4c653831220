/**
 * Pothos plugin: the typed field options `rateLimit` and `cacheable` (field-policy.ts). It records
 * each field's policy (with the scopes of its `authScopes`) in the built field's extensions, prints
 * the rate limit as @rateLimit (so codegen users see each budget), and counts every call of a
 * rate-limited field against the caller's budget before its resolver runs.
 *
 * Listed after scope-auth in builder.ts, so its wrapper runs inside scope-auth's: a call the key has
 * no scope for is refused FORBIDDEN and spends no budget.
 */
import SchemaBuilder, {
  BasePlugin,
  type FieldNullability,
  type InputFieldMap,
  type PothosOutputFieldConfig,
  type SchemaTypes,
  type TypeParam,
} from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import { RateLimitedError, UnauthenticatedError } from './errors.js';
import { parseFieldLimit } from './field-limit.js';
import { fieldPolicyExtension, type FieldPolicy, type FieldRateLimit } from './field-policy.js';

const pluginName = 'fieldPolicy';

/** One call's verdict from the rate limiter. */
export type ChargeVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

/** What the wrapper needs of the context: the caller and a limiter (rate-limit/field-rate-limiter.ts). */
interface ChargingContext {
  viewer: { id: string } | null;
  services: {
    rateLimiter: {
      charge(call: { viewerId: string; policy: FieldPolicy; args: Record<string, unknown>; failOpen: boolean }): Promise<ChargeVerdict>;
    };
  };
}

interface PolicyOptions {
  rateLimit?: FieldRateLimit;
  cacheable?: boolean;
  sharedEvents?: boolean;
  authScopes?: unknown;
}

/** The scopes an `authScopes` object asks for; undefined when it is computed per call (a function). */
function declaredScopes(authScopes: unknown): readonly string[] | undefined {
  if (authScopes === undefined) return [];
  if (typeof authScopes !== 'object' || authScopes === null) return undefined;
  return Object.entries(authScopes).flatMap(([scope, wanted]) => (wanted === true ? [scope] : []));
}

export class FieldPolicyPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const options = fieldConfig.pothosOptions as PolicyOptions;
    if (options.rateLimit === undefined && options.cacheable === undefined && options.sharedEvents === undefined && options.authScopes === undefined) {
      return fieldConfig;
    }
    const coordinate = `${fieldConfig.parentType}.${fieldConfig.name}`;
    const declared = options.rateLimit;
    const policy: FieldPolicy = {
      coordinate,
      scopes: declaredScopes(options.authScopes),
      rateLimit: declared && {
        ...parseFieldLimit(coordinate, { max: declared.max, window: declared.window }),
        budget: declared.budget,
        identityArgs: declared.identityArgs,
      },
      cacheable: options.cacheable ?? false,
      sharedEvents: options.sharedEvents ?? false,
    };
    const extensions: Record<string, unknown> = { ...fieldConfig.extensions, [fieldPolicyExtension]: policy };
    if (declared) {
      // plugin-directives (listed after this one) merges and normalizes these for printing.
      const printed = { max: declared.max, window: declared.window };
      const existing = fieldConfig.extensions?.['directives'] as Record<string, unknown> | undefined;
      extensions['directives'] = { ...existing, rateLimit: printed };
    }
    return { ...fieldConfig, extensions };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const policy = fieldConfig.extensions?.[fieldPolicyExtension] as FieldPolicy | undefined;
    if (!policy?.rateLimit) return resolver;
    // Reads may go on while the store is down; mutations may not run unmetered.
    const failOpen = fieldConfig.kind !== 'Mutation';
    return async (parent, args, context, info) => {
      // Pothos types the context generically; the gateway's context has this shape.
      const { viewer, services } = context as unknown as ChargingContext;
      if (!viewer) throw new UnauthenticatedError();
      const verdict = await services.rateLimiter.charge({ viewerId: viewer.id, policy, args: args as Record<string, unknown>, failOpen });
      if (!verdict.allowed) throw new RateLimitedError(verdict.message, verdict.retryAfterSeconds);
      return resolver(parent, args, context, info);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, FieldPolicyPlugin);

declare global {
  // Pothos plugins register their types in this global namespace; there is no module form.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      fieldPolicy: FieldPolicyPlugin<Types>;
    }
    // The parameters must match Pothos' own declaration of FieldOptions to merge with it.
    /* eslint-disable @typescript-eslint/no-unused-vars */
    interface FieldOptions<
      Types extends SchemaTypes,
      ParentShape,
      Type extends TypeParam<Types>,
      Nullable extends FieldNullability<Type>,
      Args extends InputFieldMap,
      ResolveShape,
      ResolveReturnShape,
    > {
      /** At most `max` calls per `window` per API key; printed as @rateLimit. */
      rateLimit?: FieldRateLimit;
      /** The answer is the same for every key that may read the field, so it may be served from the query cache. */
      cacheable?: boolean;
      /**
       * A subscription whose every event is one object shared by all its subscribers (of the same
       * arguments), with a result that does not depend on who asks: executed once per event and operation.
       */
      sharedEvents?: boolean;
    }
    /* eslint-enable @typescript-eslint/no-unused-vars */
  }
}

export default pluginName;
