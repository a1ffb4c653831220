/**
 * An order as the exchange keeps it, with Binance's field names and 8-decimal strings: what the
 * order endpoints answer, what user data reports describe and what `orders.all()` hands to tests.
 */
import type { OrderSide, OrderType, TimeInForce } from './order-params.js';

export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface SimFill {
  price: string;
  qty: string;
  commission: string;
  commissionAsset: string;
  tradeId: number;
}

export interface SimOrder {
  symbol: string;
  orderId: number;
  orderListId: number;
  /** The current client id: a cancel's newClientOrderId replaces the original, as on Binance. */
  clientOrderId: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  price: string;
  origQty: string;
  executedQty: string;
  origQuoteOrderQty: string;
  cummulativeQuoteQty: string;
  status: OrderStatus;
  /** "0.00000000" unless a stop order. */
  stopPrice: string;
  time: number;
  updateTime: number;
  /** When the order started working (on the book, or triggered); -1 for a stop still waiting. */
  workingTime: number;
  fills: SimFill[];
  /** The account's API key. */
  apiKey: string;
}

export function isOpen(order: SimOrder): boolean {
  return order.status === 'NEW' || order.status === 'PARTIALLY_FILLED';
}
