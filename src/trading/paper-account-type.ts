/** The Balance and PaperAccount GraphQL types and Query.paperAccount (scope `trade`). */
import { builder } from '../schema/builder.js';
import { BadUserInputError } from '../schema/errors.js';
import { OrderRef } from './order-type.js';
import { maxListedOrders } from './paper-account-doc.js';
import type { BalanceView } from './paper-balances.js';
import type { PaperAccountView } from './paper-trading.js';
import { viewerIdOf } from './viewer-id.js';

export const BalanceRef = builder.objectRef<BalanceView>('Balance').implement({
  fields: (t) => ({
    asset: t.exposeString('asset'),
    free: t.expose('free', { type: 'Decimal' }),
    locked: t.expose('locked', { type: 'Decimal' }),
  }),
});

export const PaperAccountRef = builder.objectRef<PaperAccountView>('PaperAccount').implement({
  description: 'The simulated account behind paper trades, one per API key.',
  fields: (t) => ({
    balances: t.expose('balances', { type: [BalanceRef] }),
    orders: t.field({
      type: [OrderRef],
      description: `The most recent orders, newest first (at most ${maxListedOrders} are kept listed).`,
      args: { limit: t.arg.int({ defaultValue: 50 }) },
      resolve: (account, args, context) => {
        const limit = args.limit ?? 50;
        if (!Number.isInteger(limit) || limit < 1 || limit > maxListedOrders) {
          throw new BadUserInputError(`limit must be between 1 and ${maxListedOrders}; got ${limit}.`);
        }
        return context.services.paperTrading.orders(account.keyId, account.recentOrderIds.slice(0, limit));
      },
    }),
  }),
});

builder.queryField('paperAccount', (t) =>
  t.field({
    type: PaperAccountRef,
    authScopes: { trade: true },
    resolve: (_root, _args, context) => context.services.paperTrading.account(viewerIdOf(context)),
  }),
);
