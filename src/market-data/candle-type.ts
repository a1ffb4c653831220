/** The Candle and Interval GraphQL types. */
import { builder } from '../schema/builder.js';
import type { Candle } from './candle.js';
import { intervalNames } from './intervals.js';

export const IntervalEnum = builder.enumType('Interval', { values: intervalNames });

export const CandleRef = builder.objectRef<Candle>('Candle').implement({
  description: 'One OHLCV bar. The last bar of a series may still be forming (closed: false).',
  fields: (t) => ({
    openTime: t.expose('openTime', { type: 'DateTime' }),
    closeTime: t.expose('closeTime', { type: 'DateTime' }),
    open: t.expose('open', { type: 'Decimal' }),
    high: t.expose('high', { type: 'Decimal' }),
    low: t.expose('low', { type: 'Decimal' }),
    close: t.expose('close', { type: 'Decimal' }),
    volume: t.expose('volume', { type: 'Decimal', description: 'Base-asset volume.' }),
    quoteVolume: t.expose('quoteVolume', { type: 'Decimal', description: 'Quote-asset volume.' }),
    trades: t.exposeInt('trades', { description: 'Number of trades in the bar.' }),
    closed: t.exposeBoolean('closed'),
  }),
});
