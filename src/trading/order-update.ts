/**
 * One change of an order as the caller is told of it (GraphQL OrderUpdate): what happened, the order
 * after it, the fill of a TRADE, and when. Paper updates come from the ledger, live ones from the
 * exchange's user data stream; both travel between instances as this JSON.
 */
import { z } from 'zod';
import type { Fill, TradeOrder } from './order.js';
import { fillSchema, orderSchema } from './order-schema.js';

export const orderEvents = ['NEW', 'TRIGGERED', 'TRADE', 'CANCELED', 'EXPIRED', 'REJECTED'] as const;
export type OrderEvent = (typeof orderEvents)[number];

export interface OrderUpdate {
  event: OrderEvent;
  order: TradeOrder;
  /** The fill of a TRADE event; null for the others. */
  fill: Fill | null;
  /** Epoch ms. */
  at: number;
}

const updateSchema = z.object({
  event: z.enum(orderEvents),
  order: orderSchema,
  fill: fillSchema.nullable(),
  at: z.number(),
});

/** The update, or undefined for a message of another shape (a newer instance's: ignored). */
export function decodeOrderUpdate(message: unknown): OrderUpdate | undefined {
  const parsed = updateSchema.safeParse(message);
  return parsed.success ? parsed.data : undefined;
}
