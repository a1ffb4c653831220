/** Mutation.trade: a paper trade into the caller's PaperAccount (scope `trade`, 10 per minute per key). */
import { builder } from '../schema/builder.js';
import { countOrder } from './count-order.js';
import { orderRateLimit } from './order-rate-limit.js';
import { OrderRef } from './order-type.js';
import { toTradeRequest, TradeInputRef } from './trade-input.js';
import { viewerIdOf } from './viewer-id.js';

builder.mutationField('trade', (t) =>
  t.field({
    type: OrderRef,
    description: "A paper trade: filled against the live market price into the caller's PaperAccount.",
    authScopes: { trade: true },
    rateLimit: orderRateLimit,
    args: { input: t.arg({ type: TradeInputRef, required: true }) },
    resolve: (_root, args, context) =>
      countOrder(
        context.services.metrics,
        'paper',
        context.services.paperTrading.trade(viewerIdOf(context), toTradeRequest(args.input)),
      ),
  }),
);
