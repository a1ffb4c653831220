/** The Trade GraphQL type (Market.trades, Subscription.trades). */
import { builder } from '../schema/builder.js';
import type { TradePrint } from './trade.js';

export const TradeRef = builder.objectRef<TradePrint>('Trade').implement({
  description: 'One trade on the exchange.',
  fields: (t) => ({
    id: t.exposeString('id', { description: "The exchange's trade id (a 64-bit integer, as a string)." }),
    price: t.expose('price', { type: 'Decimal' }),
    quantity: t.expose('quantity', { type: 'Decimal' }),
    quoteQuantity: t.expose('quoteQuantity', { type: 'Decimal' }),
    time: t.expose('time', { type: 'DateTime' }),
    buyerIsMaker: t.exposeBoolean('buyerIsMaker', { description: "True when the buyer's order was resting (the seller took it)." }),
  }),
});
