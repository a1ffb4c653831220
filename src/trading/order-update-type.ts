/** The OrderUpdate and OrderEvent GraphQL types, and Subscription.orderUpdates (PAPER: scope `trade`, LIVE: scope `live`). */
import { builder } from '../schema/builder.js';
import { GatewayError } from '../schema/errors.js';
import { FillRef, OrderRef, TradeModeEnum } from './order-type.js';
import type { OrderUpdate } from './order-update.js';
import { viewerIdOf } from './viewer-id.js';

export const OrderEventEnum = builder.enumType('OrderEvent', {
  values: {
    NEW: { description: 'Accepted and working (for a stop order: resting untriggered).' },
    TRIGGERED: { description: 'A stop order reached its stopPrice and now works as a LIMIT.' },
    TRADE: { description: 'A (partial) fill.' },
    CANCELED: {},
    EXPIRED: {},
    REJECTED: {},
  },
});

export const OrderUpdateRef = builder.objectRef<OrderUpdate>('OrderUpdate').implement({
  description: "One change of one of the caller's orders, as it happens.",
  fields: (t) => ({
    event: t.expose('event', { type: OrderEventEnum }),
    order: t.expose('order', { type: OrderRef, description: 'The order after this change.' }),
    fill: t.expose('fill', { type: FillRef, nullable: true, description: 'The fill of a TRADE event; null for the other events.' }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.subscriptionField('orderUpdates', (t) =>
  t.field({
    type: OrderUpdateRef,
    description:
      "Every change of the caller's orders as it happens: PAPER needs the trade scope, LIVE the live\nscope. Paper orders are matched against the live market whether or not anyone is connected.",
    args: { mode: t.arg({ type: TradeModeEnum, required: true }) },
    authScopes: (_root, args) => (args.mode === 'LIVE' ? { live: true } : { trade: true }),
    subscribe: async (_root, args, context): Promise<AsyncIterable<OrderUpdate | GatewayError>> => {
      const keyId = viewerIdOf(context);
      // LIVE: the account's user data stream runs (on some instance) from now on, if it did not yet.
      if (args.mode === 'LIVE') await context.services.liveUserData.follow(keyId);
      return context.services.orderUpdates.subscribe(args.mode, keyId);
    },
    // A contract error (SLOW_CONSUMER) ends the stream as a GraphQL error in the last event.
    resolve: (item) => {
      if (item instanceof GatewayError) throw item;
      return item;
    },
  }),
);
