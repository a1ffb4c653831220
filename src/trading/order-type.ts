/** The trading enums and the Order and Fill GraphQL types, shared by paper and live trading. */
import { builder } from '../schema/builder.js';
import { orderSides, orderStatuses, orderTypes, timeInForces, tradeModes, type Fill, type TradeOrder } from './order.js';

export const OrderSideEnum = builder.enumType('OrderSide', { values: orderSides });
export const OrderTypeEnum = builder.enumType('OrderType', { values: orderTypes });
export const TimeInForceEnum = builder.enumType('TimeInForce', { values: timeInForces });
export const OrderStatusEnum = builder.enumType('OrderStatus', { values: orderStatuses });
export const TradeModeEnum = builder.enumType('TradeMode', {
  description: 'PAPER: simulated against live prices, no money moves. LIVE: a real exchange order.',
  values: tradeModes,
});

export const FillRef = builder.objectRef<Fill>('Fill').implement({
  fields: (t) => ({
    price: t.expose('price', { type: 'Decimal' }),
    quantity: t.expose('quantity', { type: 'Decimal' }),
    commission: t.expose('commission', { type: 'Decimal' }),
    commissionAsset: t.exposeString('commissionAsset'),
  }),
});

export const OrderRef = builder.objectRef<TradeOrder>('Order').implement({
  fields: (t) => ({
    mode: t.expose('mode', { type: TradeModeEnum }),
    symbol: t.exposeString('symbol'),
    clientOrderId: t.exposeString('clientOrderId', {
      description: 'Idempotency key: the same clientOrderId never places a second order.',
    }),
    exchangeOrderId: t.exposeString('exchangeOrderId', {
      nullable: true,
      description: "The exchange's order id; null for paper orders.",
    }),
    side: t.expose('side', { type: OrderSideEnum }),
    type: t.expose('type', { type: OrderTypeEnum }),
    status: t.expose('status', { type: OrderStatusEnum }),
    price: t.expose('price', { type: 'Decimal', nullable: true }),
    quantity: t.expose('quantity', { type: 'Decimal' }),
    executedQuantity: t.expose('executedQuantity', { type: 'Decimal' }),
    quoteQuantity: t.expose('quoteQuantity', { type: 'Decimal' }),
    fills: t.expose('fills', { type: [FillRef] }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
