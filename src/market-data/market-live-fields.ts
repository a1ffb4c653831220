/**
 * Market.ticker, Market.orderBook and Market.trades: a market's ticker, book and recent trades, as
 * queries. Each field is batched per operation (market-data-loaders.ts), shares what is under way
 * across operations and is answered from a live stream where this instance holds one
 * (market-snapshots.ts). Like candles, each is a market-data field: rate-limited per key, the same
 * for every key that may read it.
 */
import { builder } from '../schema/builder.js';
import { BadUserInputError } from '../schema/errors.js';
import { marketDataRateLimit } from './market-data-rate-limit.js';
import { MarketRef } from './market-type.js';
import { OrderBookRef } from './order-book-type.js';
import { defaultBookDepth, maxQueryDepth } from './order-book-view.js';
import { defaultTradesLimit, maxTradesLimit } from './trade.js';
import { TickerRef } from './ticker-type.js';
import { TradeRef } from './trade-type.js';


function boundedInt(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new BadUserInputError(`${name} must be between 1 and ${max}; got ${value}.`);
  return value;
}

builder.objectFields(MarketRef, (t) => ({
  ticker: t.field({
    type: TickerRef,
    rateLimit: marketDataRateLimit,
    cacheable: true,
    resolve: (market, _args, context) => context.loaders.tickers.load(market.symbol),
  }),
  orderBook: t.field({
    type: OrderBookRef,
    description: `depth: 1 to ${maxQueryDepth}.`,
    rateLimit: marketDataRateLimit,
    cacheable: true,
    args: { depth: t.arg.int({ defaultValue: defaultBookDepth }) },
    resolve: (market, args, context) =>
      context.loaders.orderBooks.load({ symbol: market.symbol, size: boundedInt('depth', args.depth ?? defaultBookDepth, maxQueryDepth) }),
  }),
  trades: t.field({
    type: [TradeRef],
    description: `The most recent trades, newest last; limit: 1 to ${maxTradesLimit}.`,
    rateLimit: marketDataRateLimit,
    cacheable: true,
    args: { limit: t.arg.int({ defaultValue: defaultTradesLimit }) },
    resolve: (market, args, context) =>
      context.loaders.trades.load({ symbol: market.symbol, size: boundedInt('limit', args.limit ?? defaultTradesLimit, maxTradesLimit) }),
  }),
}));
