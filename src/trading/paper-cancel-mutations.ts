/** Mutation.cancelOrder and Mutation.cancelOpenOrders: the caller's paper orders (scope `trade`). */
import { builder } from '../schema/builder.js';
import { cancelRateLimit } from './order-rate-limit.js';
import { OrderRef } from './order-type.js';
import { viewerIdOf } from './viewer-id.js';

builder.mutationField('cancelOrder', (t) =>
  t.field({
    type: OrderRef,
    description:
      "Cancels one of the caller's paper orders. Idempotent: an order that is no longer open is\nreturned as it is, unchanged. An id this key never used: NOT_FOUND.",
    authScopes: { trade: true },
    rateLimit: cancelRateLimit,
    args: { symbol: t.arg.string({ required: true }), clientOrderId: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      const market = await context.services.exchangeInfo.require(args.symbol);
      return context.services.paperTrading.cancel(viewerIdOf(context), market.symbol, args.clientOrderId);
    },
  }),
);

builder.mutationField('cancelOpenOrders', (t) =>
  t.field({
    type: [OrderRef],
    description: 'Cancels every open paper order of the caller on one symbol; returns them as canceled.',
    authScopes: { trade: true },
    rateLimit: cancelRateLimit,
    args: { symbol: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      const market = await context.services.exchangeInfo.require(args.symbol);
      return context.services.paperTrading.cancelOpen(viewerIdOf(context), market.symbol);
    },
  }),
);
