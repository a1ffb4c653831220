/** The Ticker GraphQL type (Market.ticker, Subscription.ticker). */
import { builder } from '../schema/builder.js';
import type { Ticker } from './ticker.js';

export const TickerRef = builder.objectRef<Ticker>('Ticker').implement({
  description: 'Rolling 24-hour statistics and the best bid and ask.',
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    lastPrice: t.expose('lastPrice', { type: 'Decimal' }),
    bidPrice: t.expose('bidPrice', { type: 'Decimal' }),
    bidQuantity: t.expose('bidQuantity', { type: 'Decimal' }),
    askPrice: t.expose('askPrice', { type: 'Decimal' }),
    askQuantity: t.expose('askQuantity', { type: 'Decimal' }),
    open: t.expose('open', { type: 'Decimal' }),
    high: t.expose('high', { type: 'Decimal' }),
    low: t.expose('low', { type: 'Decimal' }),
    volume: t.expose('volume', { type: 'Decimal', description: 'Base-asset volume over the 24 hours.' }),
    quoteVolume: t.expose('quoteVolume', { type: 'Decimal' }),
    priceChange: t.expose('priceChange', { type: 'Decimal' }),
    priceChangePercent: t.expose('priceChangePercent', { type: 'Decimal' }),
    trades: t.exposeInt('trades', { description: 'Number of trades over the 24 hours.' }),
    openTime: t.expose('openTime', { type: 'DateTime' }),
    closeTime: t.expose('closeTime', { type: 'DateTime' }),
  }),
});
