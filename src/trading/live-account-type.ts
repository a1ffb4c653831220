/** The LiveAccount GraphQL type and Query.liveAccount (scope `live`): the exchange account the key's live orders go to. */
import { builder } from '../schema/builder.js';
import { AccountRef, type AccountView } from './account-type.js';
import { viewerIdOf } from './viewer-id.js';

/** A LiveAccount: the account read once per request, shared by balances and canTrade. */
export interface LiveAccountView extends AccountView {
  canTrade: () => Promise<boolean>;
}

export const LiveAccountRef = builder.objectRef<LiveAccountView>('LiveAccount').implement({
  description:
    "The exchange account that live orders go to: the calling key's own exchange credentials where\nit has stored some (Viewer.exchangeCredentials), otherwise the gateway's.",
  interfaces: [AccountRef],
  isTypeOf: (account) => (account as AccountView).mode === 'LIVE',
  fields: (t) => ({
    canTrade: t.boolean({ description: 'Whether the exchange allows this account to trade now.', resolve: (account) => account.canTrade() }),
  }),
});

builder.queryField('liveAccount', (t) =>
  t.field({
    type: LiveAccountRef,
    description: 'Needs the live scope.',
    authScopes: { live: true },
    resolve: (_root, _args, context): LiveAccountView => {
      const keyId = viewerIdOf(context);
      const live = context.services.liveOrderBook;
      let read: ReturnType<typeof live.account> | undefined;
      const account = () => (read ??= live.account(keyId));
      return {
        mode: 'LIVE',
        canTrade: async () => (await account()).canTrade,
        reader: {
          balances: async () => (await account()).balances,
          order: (clientOrderId) => live.order(keyId, clientOrderId),
          openOrders: (symbol) => live.openOrders(keyId, symbol),
          orders: (symbol, limit) => live.orders(keyId, symbol, limit),
        },
      };
    },
  }),
);
