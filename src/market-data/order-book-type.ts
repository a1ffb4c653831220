/** The OrderBook and PriceLevel GraphQL types (Market.orderBook, Subscription.orderBook). */
import { builder } from '../schema/builder.js';
import type { PriceLevel } from './order-book.js';
import type { OrderBookView } from './order-book-view.js';

export const PriceLevelRef = builder.objectRef<PriceLevel>('PriceLevel').implement({
  fields: (t) => ({
    price: t.expose('price', { type: 'Decimal' }),
    quantity: t.expose('quantity', { type: 'Decimal' }),
  }),
});

export const OrderBookRef = builder.objectRef<OrderBookView>('OrderBook').implement({
  description: 'The best `depth` levels of each side: bids highest first, asks lowest first.',
  fields: (t) => ({
    symbol: t.exposeString('symbol'),
    lastUpdateId: t.exposeString('lastUpdateId', {
      description: "The exchange's update id this book is current to (a 64-bit integer, as a string).",
    }),
    bids: t.field({ type: [PriceLevelRef], resolve: (book) => book.bids }),
    asks: t.field({ type: [PriceLevelRef], resolve: (book) => book.asks }),
  }),
});
