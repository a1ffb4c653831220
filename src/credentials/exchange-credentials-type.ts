/**
 * A key's own exchange credentials (live scope): the ExchangeCredentials type, shown by
 * Viewer.exchangeCredentials, and Mutation.setExchangeCredentials / deleteExchangeCredentials. Thin
 * resolvers over ExchangeAccounts (exchange-accounts.ts); the secret is never returned.
 */
import { builder } from '../schema/builder.js';
import type { CredentialsDescription } from './stored-credentials.js';

export const ExchangeCredentialsRef = builder.objectRef<CredentialsDescription>('ExchangeCredentials').implement({
  description: 'The exchange credentials a key trades with, described: the secret is never shown again.',
  fields: (t) => ({
    apiKeyHint: t.exposeString('apiKeyHint', { description: "The exchange API key's first four and last four characters." }),
    kind: t.exposeString('kind', { description: 'HMAC, ED25519 or RSA.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (credentials) => credentials.createdAt }),
  }),
});

const ExchangeCredentialsInputRef = builder.inputType('ExchangeCredentialsInput', {
  fields: (t) => ({
    apiKey: t.string({ required: true }),
    secret: t.string({ required: true, description: 'HMAC secret, or a PEM Ed25519 or RSA private key.' }),
  }),
});

/** The calling key's id; scope checks have run, and they fail without a viewer. */
function keyIdOf(context: { viewer: { id: string } | null }): string {
  if (!context.viewer) throw new Error('credentials resolver reached without an authenticated viewer');
  return context.viewer.id;
}

builder.mutationField('setExchangeCredentials', (t) =>
  t.field({
    type: ExchangeCredentialsRef,
    description:
      'Stores exchange credentials for the calling key (live scope), encrypted at rest, and checks\nthem with the exchange first; from then on this key\'s live orders and LiveAccount use them.',
    authScopes: { live: true },
    // Each call costs the exchange's weight 20 (the account read): bounded per key.
    rateLimit: { max: 10, window: '1m' },
    args: { input: t.arg({ type: ExchangeCredentialsInputRef, required: true }) },
    resolve: (_root, { input }, context) => context.services.exchangeAccounts.setCredentials(keyIdOf(context), input),
  }),
);

builder.mutationField('deleteExchangeCredentials', (t) =>
  t.field({
    type: 'Boolean',
    description: "Forgets the calling key's exchange credentials; false where it had none.",
    authScopes: { live: true },
    resolve: (_root, _args, context) => context.services.exchangeAccounts.deleteCredentials(keyIdOf(context)),
  }),
);
