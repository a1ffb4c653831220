/** The PaperAccount GraphQL type and Query.paperAccount (scope `trade`). */
import { builder } from '../schema/builder.js';
import { AccountRef, type AccountView } from './account-type.js';
import { viewerIdOf } from './viewer-id.js';

export const PaperAccountRef = builder.objectRef<AccountView>('PaperAccount').implement({
  description: 'The simulated account behind paper trades, one per API key.',
  interfaces: [AccountRef],
  isTypeOf: (account) => (account as AccountView).mode === 'PAPER',
});

builder.queryField('paperAccount', (t) =>
  t.field({
    type: PaperAccountRef,
    authScopes: { trade: true },
    resolve: (_root, _args, context): AccountView => {
      const keyId = viewerIdOf(context);
      const paper = context.services.paperTrading;
      return {
        mode: 'PAPER',
        reader: {
          balances: () => paper.balances(keyId),
          order: (clientOrderId) => paper.order(keyId, clientOrderId),
          openOrders: (symbol) => paper.openOrders(keyId, symbol),
          orders: (symbol, limit) => paper.orders(keyId, symbol, limit),
        },
      };
    },
  }),
);
