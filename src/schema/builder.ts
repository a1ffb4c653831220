/**
 * The one Pothos builder every domain adds its types to. Only configuration lives here.
 * Plugin order matters: scope-auth first, so authorization wraps every other plugin's resolver.
 */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
// The request context's type is declared beside the app assembly; only its type is imported here.
import type { GatewayContext } from '../context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import FieldPolicyPlugin from './field-policy-plugin.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  DefaultFieldNullability: false;
  Scalars: {
    Decimal: { Input: string; Output: string };
    /** Epoch milliseconds inside the gateway, ISO-8601 outside. */
    DateTime: { Input: number; Output: number };
  };
  AuthScopes: { read: boolean; trade: boolean; live: boolean; admin: boolean };
  Directives: {
    rateLimit: { locations: 'FIELD_DEFINITION'; args: { max: number; window: string } };
  };
}>({
  // FieldPolicyPlugin after ScopeAuthPlugin: a call refused for its scope spends no budget. Before
  // DirectivesPlugin, which normalizes the @rateLimit it records for printing.
  plugins: [ScopeAuthPlugin, FieldPolicyPlugin, DirectivesPlugin],
  defaultFieldNullability: false,
  directives: { useGraphQLToolsUnorderedDirectives: true },
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({
      read: context.viewer?.scopes.includes('read') ?? false,
      trade: context.viewer?.scopes.includes('trade') ?? false,
      live: context.viewer?.scopes.includes('live') ?? false,
      admin: context.viewer?.scopes.includes('admin') ?? false,
    }),
    // The plugin's default error carries no code; the contract wants one.
    unauthorizedError: (_parent, context, info) =>
      context.viewer
        ? new ForbiddenError(`This API key lacks the scope that ${info.parentType.name}.${info.fieldName} needs.`)
        : new UnauthenticatedError(),
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
