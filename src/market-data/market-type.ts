/** The Market type (exchangeInfo's view of a symbol, plus its candles) and Query.market/markets. */
import type { SymbolInfo } from '../exchange/binance-schemas.js';
import { marketDataRateLimit } from './market-data-rate-limit.js';
import { builder } from '../schema/builder.js';
import { BadUserInputError } from '../schema/errors.js';
import type { Candle } from './candle.js';
import { defaultCandleLimit } from './candle-limits.js';
import { CandleRef, IntervalEnum } from './candle-type.js';
import { resolveCandles } from './resolve-candles.js';

/** Most symbols one markets() call may name. */
export const maxMarketsPerQuery = 100;

export const MarketRef = builder.objectRef<SymbolInfo>('Market').implement({
  fields: (t) => ({
    symbol: t.string({ resolve: (market) => market.symbol }),
    baseAsset: t.string({ resolve: (market) => market.baseAsset }),
    quoteAsset: t.string({ resolve: (market) => market.quoteAsset }),
    status: t.string({
      description: 'Exchange trading status, e.g. TRADING or BREAK.',
      resolve: (market) => market.status,
    }),
    candles: t.field({
      type: [CandleRef],
      rateLimit: marketDataRateLimit,
      cacheable: true,
      args: {
        interval: t.arg({ type: IntervalEnum, required: true }),
        limit: t.arg.int({ defaultValue: defaultCandleLimit }),
        start: t.arg({ type: 'DateTime' }),
        end: t.arg({ type: 'DateTime' }),
      },
      // See ohlcv: an async iterable is a valid list result under @stream.
      resolve: (market, args, context, info) => resolveCandles(market.symbol, args, context, info) as Promise<Candle[]>,
    }),
  }),
});

builder.queryField('market', (t) =>
  t.field({
    type: MarketRef,
    nullable: true,
    description: 'Null where the exchange lists no such symbol.',
    authScopes: { read: true },
    rateLimit: marketDataRateLimit,
    cacheable: true,
    args: { symbol: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => (await context.services.exchangeInfo.symbol(args.symbol)) ?? null,
  }),
);

builder.queryField('markets', (t) =>
  t.field({
    type: [MarketRef],
    authScopes: { read: true },
    rateLimit: marketDataRateLimit,
    cacheable: true,
    args: { symbols: t.arg.stringList({ required: true }) },
    resolve: async (_root, args, context) => {
      if (args.symbols.length > maxMarketsPerQuery) {
        throw new BadUserInputError(`markets takes at most ${maxMarketsPerQuery} symbols.`);
      }
      const found = await Promise.all(args.symbols.map((s) => context.services.exchangeInfo.symbol(s)));
      const unknown = args.symbols.filter((_, i) => !found[i]);
      if (unknown.length > 0) throw new BadUserInputError(`Unknown symbols: ${unknown.join(', ')}.`);
      return found as SymbolInfo[];
    },
  }),
);
