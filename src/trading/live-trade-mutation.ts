/**
 * Mutation.liveTrade: a real exchange order (scope `live`, 10 per minute per key). Scope-auth answers
 * FORBIDDEN before this runs; LIVE_TRADING must be on too (LIVE_TRADING_DISABLED otherwise,
 * answered by the placer, which owns the switch).
 */
import { builder } from '../schema/builder.js';
import { countOrder } from './count-order.js';
import { orderRateLimit } from './order-rate-limit.js';
import { OrderRef } from './order-type.js';
import { toTradeRequest, TradeInputRef } from './trade-input.js';
import { viewerIdOf } from './viewer-id.js';

builder.mutationField('liveTrade', (t) =>
  t.field({
    type: OrderRef,
    description: 'A real order on the exchange. Needs the live scope and live trading switched on.',
    authScopes: { live: true },
    rateLimit: orderRateLimit,
    args: { input: t.arg({ type: TradeInputRef, required: true }) },
    resolve: (_root, args, context) => {
      const placing = context.services.liveOrders.place(viewerIdOf(context), () => toTradeRequest(args.input));
      return countOrder(context.services.metrics, 'live', placing);
    },
  }),
);
