/** Subscription.orderBook, Subscription.trades and Subscription.ticker: live market data of one symbol beyond candles. */
import type { GatewayContext } from '../context.js';
import { OrderBookRef } from '../market-data/order-book-type.js';
import { defaultBookDepth, maxSubscriptionDepth, type OrderBookView } from '../market-data/order-book-view.js';
import { TickerRef } from '../market-data/ticker-type.js';
import type { Ticker } from '../market-data/ticker.js';
import { TradeRef } from '../market-data/trade-type.js';
import type { TradePrint } from '../market-data/trade.js';
import { builder } from '../schema/builder.js';
import { BadUserInputError, type GatewayError } from '../schema/errors.js';
import type { MarketSubscriptions } from './market-subscriptions.js';
import { resolveStreamItem } from './stream-item.js';


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
      return context.services.marketSubscriptions.orderBook(market.symbol, depth);
    },
    resolve: resolveStreamItem,
  }),
);

/** The subscribe of a stream of one symbol: the symbol checked against the exchange's list (its spelling), then opened. */
function symbolStream<T>(open: (subscriptions: MarketSubscriptions, symbol: string) => AsyncIterable<T | GatewayError>) {
  return async (_root: unknown, args: { symbol: string }, context: GatewayContext): Promise<AsyncIterable<T | GatewayError>> => {
    const market = await context.services.exchangeInfo.require(args.symbol);
    return open(context.services.marketSubscriptions, market.symbol);
  };
}

builder.subscriptionField('trades', (t) =>
  t.field({
    type: TradeRef,
    description: 'Every trade on the symbol, in exchange order.',
    authScopes: { read: true },
    args: { symbol: t.arg.string({ required: true }) },
    subscribe: symbolStream<TradePrint>((subscriptions, symbol) => subscriptions.tradeTape(symbol)),
    resolve: resolveStreamItem,
  }),
);

builder.subscriptionField('ticker', (t) =>
  t.field({
    type: TickerRef,
    description: 'The ticker, at every change the exchange reports.',
    authScopes: { read: true },
    args: { symbol: t.arg.string({ required: true }) },
    subscribe: symbolStream<Ticker>((subscriptions, symbol) => subscriptions.ticker(symbol)),
    resolve: resolveStreamItem,
  }),
);
