/** Query.ohlcv: candles of one symbol. */
import { marketDataRateLimit } from './market-data-rate-limit.js';
import { builder } from '../schema/builder.js';
import type { Candle } from './candle.js';
import { defaultCandleLimit } from './candle-limits.js';
import { CandleRef, IntervalEnum } from './candle-type.js';
import { resolveCandles } from './resolve-candles.js';

builder.queryField('ohlcv', (t) =>
  t.field({
    type: [CandleRef],
    description:
      'Candles of one symbol. Without start: the latest `limit` bars, the forming bar last.\nWith start: bars from start (and up to end), at most `limit`. Ranges longer than\none exchange page are paged transparently; the list supports @stream.',
    authScopes: { read: true },
    rateLimit: marketDataRateLimit,
    cacheable: true,
    args: {
      symbol: t.arg.string({ required: true }),
      interval: t.arg({ type: IntervalEnum, required: true }),
      limit: t.arg.int({ defaultValue: defaultCandleLimit }),
      start: t.arg({ type: 'DateTime' }),
      end: t.arg({ type: 'DateTime' }),
    },
    // An async iterable (under @stream) is a valid list result for the executor; Pothos types lists as arrays.
    resolve: (_root, args, context, info) =>
      resolveCandles(args.symbol, args, context, info) as Promise<Candle[]>,
  }),
);
