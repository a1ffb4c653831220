/**
 * The Viewer type and Query.viewer: who is calling, with which scopes, what is left of its
 * rate-limit budgets and of the exchange's weight budget, and which exchange credentials it stored.
 */
import { ExchangeCredentialsRef } from '../credentials/exchange-credentials-type.js';
import { budgetsOf, RateLimitBudgetRef } from '../rate-limit/rate-limit-budget-type.js';
import { builder } from '../schema/builder.js';
import type { Viewer } from './viewer.js';
import { ExchangeWeightRef } from './exchange-weight-type.js';

export const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The API key making the request.',
  fields: (t) => ({
    id: t.exposeString('id'),
    scopes: t.exposeStringList('scopes'),
    rateLimits: t.field({
      type: [RateLimitBudgetRef],
      description: "This key's budget on every rate-limited field, so that a client can pace itself.",
      resolve: (viewer, _args, context, info) => budgetsOf(viewer.id, context.services.rateLimiter, info.schema),
    }),
    exchangeWeight: t.field({
      type: ExchangeWeightRef,
      description: 'The exchange request weight used and left in the current minute (shared by all clients).',
      resolve: (_viewer, _args, context) => {
        const { exchange } = context.services;
        return exchange.weights.status(exchange.clock.now());
      },
    }),
    exchangeCredentials: t.field({
      type: ExchangeCredentialsRef,
      nullable: true,
      description: "Null where this key trades with the gateway's own exchange credentials (or none).",
      resolve: (viewer, _args, context) => context.services.exchangeAccounts.describeCredentials(viewer.id),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    // Any valid key may ask who it is; the auth plugin has already refused requests without one.
    resolve: (_root, _args, context) => {
      if (!context.viewer) throw new Error('viewer missing from an authenticated context');
      return context.viewer;
    },
  }),
);
