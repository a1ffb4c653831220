/**
 * Mutation.cancelLiveOrder and Mutation.cancelLiveOpenOrders: the caller's live orders (scope
 * `live`), on the exchange account its live orders go to. Like placement, they answer
 * LIVE_TRADING_DISABLED while live trading is off.
 */
import { builder } from '../schema/builder.js';
import { LiveTradingDisabledError } from '../schema/errors.js';
import { cancelRateLimit } from './order-rate-limit.js';
import { OrderRef } from './order-type.js';
import { viewerIdOf } from './viewer-id.js';

builder.mutationField('cancelLiveOrder', (t) =>
  t.field({
    type: OrderRef,
    description: 'cancelOrder for a live order (live scope).',
    authScopes: { live: true },
    rateLimit: cancelRateLimit,
    args: { symbol: t.arg.string({ required: true }), clientOrderId: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      if (!context.services.liveTradingEnabled) throw new LiveTradingDisabledError();
      const market = await context.services.exchangeInfo.require(args.symbol);
      return context.services.liveOrderBook.cancel(viewerIdOf(context), market.symbol, args.clientOrderId);
    },
  }),
);

builder.mutationField('cancelLiveOpenOrders', (t) =>
  t.field({
    type: [OrderRef],
    description: 'cancelOpenOrders for live orders (live scope).',
    authScopes: { live: true },
    rateLimit: cancelRateLimit,
    args: { symbol: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      if (!context.services.liveTradingEnabled) throw new LiveTradingDisabledError();
      const market = await context.services.exchangeInfo.require(args.symbol);
      return context.services.liveOrderBook.cancelOpen(viewerIdOf(context), market.symbol);
    },
  }),
);
