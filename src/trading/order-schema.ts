/** The stored form of an order (paper order records, live-order records), parsed with zod when read. */
import { z } from 'zod';
import { orderSides, orderStatuses, orderTypes, tradeModes, type TradeOrder } from './order.js';

export const storedDecimal = z.string().regex(/^\d+(\.\d+)?$/);

export const orderSchema = z.object({
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
  fills: z.array(
    z.object({ price: storedDecimal, quantity: storedDecimal, commission: storedDecimal, commissionAsset: z.string() }),
  ),
  createdAt: z.number(),
});

export function readOrder(raw: string): TradeOrder {
  return orderSchema.parse(JSON.parse(raw));
}
