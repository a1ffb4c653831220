/** Subscription.orderBook: a symbol's live book at one depth, first at once, then after every change. */
import { OrderBookRef } from '../market-data/order-book-type.js';
import { defaultBookDepth, maxSubscriptionDepth, type OrderBookView } from '../market-data/order-book-view.js';
import { builder } from '../schema/builder.js';
import { BadUserInputError, GatewayError } from '../schema/errors.js';

builder.subscriptionField('orderBook', (t) =>
  t.field({
    type: OrderBookRef,
    description:
      'The best `depth` levels (1 to 1000), first at once and then after every change: always a\nbook the exchange had at lastUpdateId, never one built across a missed update.',
    authScopes: { read: true },
    args: {
      symbol: t.arg.string({ required: true }),
      depth: t.arg.int({ defaultValue: defaultBookDepth }),
    },
    subscribe: async (_root, args, context): Promise<AsyncIterable<OrderBookView | GatewayError>> => {
      const depth = args.depth ?? defaultBookDepth;
      if (!Number.isInteger(depth) || depth < 1 || depth > maxSubscriptionDepth) {
        throw new BadUserInputError(`depth must be between 1 and ${maxSubscriptionDepth}; got ${depth}.`);
      }
      const market = await context.services.exchangeInfo.require(args.symbol);
      return context.services.bookStreams.subscribe(market.symbol, depth);
    },
    // A contract error ends the stream as a GraphQL error in the last event.
    resolve: (item) => {
      if (item instanceof GatewayError) throw item;
      return item;
    },
  }),
);
