/**
 * The gateway's client keys as a service (admin scope): Query.apiKeys, Mutation.createApiKey and
 * Mutation.revokeApiKey, with the ApiKey, CreatedApiKey and CreateApiKeyInput types. Thin resolvers
 * over the key directory (key-directory.ts), which checks the input and owns the store.
 */
import { builder } from '../schema/builder.js';
import type { ApiKeyDescription } from './api-key-description.js';

export const ApiKeyRef = builder.objectRef<ApiKeyDescription>('ApiKey').implement({
  description: 'One client key of the gateway, described (never the key itself).',
  fields: (t) => ({
    id: t.exposeString('id'),
    scopes: t.exposeStringList('scopes'),
    source: t.exposeString('source', {
      description: 'ENV for keys configured in API_KEYS (read-only here), STORE for keys created through the API.',
    }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.createdAt }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.expiresAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.revokedAt }),
    // Recorded at most once a minute per gateway instance (auth/key-usage.ts).
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (key) => key.lastUsedAt }),
  }),
});

const CreatedApiKeyRef = builder.objectRef<{ key: string; apiKey: ApiKeyDescription }>('CreatedApiKey').implement({
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key itself: shown only in this answer, stored only as its SHA-256.' }),
    apiKey: t.field({ type: ApiKeyRef, resolve: (created) => created.apiKey }),
  }),
});

const CreateApiKeyInputRef = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    id: t.string({ required: true, description: "Letters, digits, '-' and '_', 1 to 64; unique." }),
    scopes: t.stringList({ required: true, description: 'Any of read, trade, live, admin.' }),
    expiresAt: t.field({ type: 'DateTime', description: 'After this instant the key is refused; null: no expiry.' }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    description: 'Every client key. Needs the admin scope.',
    authScopes: { admin: true },
    resolve: (_root, _args, context) => context.services.keys.list(),
  }),
);

builder.mutationField('createApiKey', (t) =>
  t.field({
    type: CreatedApiKeyRef,
    description: 'Needs the admin scope.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiKeyInputRef, required: true }) },
    resolve: (_root, { input }, context) => context.services.keys.create(input),
  }),
);

builder.mutationField('revokeApiKey', (t) =>
  t.field({
    type: ApiKeyRef,
    description: 'Needs the admin scope. Refused within one second on every gateway instance.',
    authScopes: { admin: true },
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, { id }, context) => context.services.keys.revoke(id),
  }),
);
