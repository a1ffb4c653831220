/**
 * The stored form of an order (paper order records, live-order records), parsed with zod when read.
 * Records written before orders had updatedAt, timeInForce and stopPrice read with those derived:
 * updatedAt the creation time, timeInForce GTC for a LIMIT order, no stopPrice.
 */
import { z } from 'zod';
import { orderSides, orderStatuses, orderTypes, timeInForces, tradeModes, type TradeOrder } from './order.js';

export const storedDecimal = z.string().regex(/^\d+(\.\d+)?$/);

/** A fill as stored (in an order, or in an update). */
export const fillSchema = z.object({
  price: storedDecimal,
  quantity: storedDecimal,
  commission: storedDecimal,
  commissionAsset: z.string(),
  tradeId: z.string().optional(),
});

const storedOrderSchema = z.object({
  mode: z.enum(tradeModes),
  symbol: z.string(),
  clientOrderId: z.string(),
  exchangeOrderId: z.string().nullable(),
  side: z.enum(orderSides),
  type: z.enum(orderTypes),
  status: z.enum(orderStatuses),
  price: storedDecimal.nullable(),
  quantity: storedDecimal,
  executedQuantity: storedDecimal,
  quoteQuantity: storedDecimal,
  fills: z.array(fillSchema),
  createdAt: z.number(),
  updatedAt: z.number().optional(),
  timeInForce: z.enum(timeInForces).nullable().optional(),
  stopPrice: storedDecimal.nullable().optional(),
});

export const orderSchema = storedOrderSchema.transform(
  (order): TradeOrder => ({
    ...order,
    updatedAt: order.updatedAt ?? order.createdAt,
    timeInForce: order.timeInForce !== undefined ? order.timeInForce : order.type === 'LIMIT' ? 'GTC' : null,
    stopPrice: order.stopPrice ?? null,
  }),
);

export function readOrder(raw: string): TradeOrder {
  return orderSchema.parse(JSON.parse(raw));
}
