/** The trading enums and the Order and Fill GraphQL types, shared by paper and live trading. */
import { builder } from '../schema/builder.js';
import { averagePriceOf } from './average-price.js';
import { orderSides, orderStatuses, orderTypes, timeInForces, tradeModes, type Fill, type TradeOrder } from './order.js';

export const OrderSideEnum = builder.enumType('OrderSide', { values: orderSides });
export const OrderTypeEnum = builder.enumType('OrderType', {
  values: {
    MARKET: {},
    LIMIT: {},
    LIMIT_MAKER: { description: 'A limit order that only rests (post-only): rejected where it would fill at once.' },
    STOP_LOSS_LIMIT: { description: 'Rests untriggered until the price reaches stopPrice, then becomes a LIMIT at price.' },
    TAKE_PROFIT_LIMIT: { description: 'Rests untriggered until the price reaches stopPrice, then becomes a LIMIT at price.' },
  } satisfies Record<(typeof orderTypes)[number], { description?: string }>,
});
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
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'The last change: placement, a fill, a trigger, a cancel or an expiry.',
    }),
    timeInForce: t.expose('timeInForce', { type: TimeInForceEnum, nullable: true }),
    stopPrice: t.expose('stopPrice', {
      type: 'Decimal',
      nullable: true,
      description: 'Trigger price of STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT orders.',
    }),
    averagePrice: t.field({
      type: 'Decimal',
      nullable: true,
      description: 'executedQuantity-weighted price of the fills; null before the first fill.',
      resolve: (order) => averagePriceOf(order),
    }),
  }),
});
