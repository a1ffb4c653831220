/**
 * The order as the gateway returns it (GraphQL `Order`), for paper and live alike, and the
 * normalized trade request both kinds of trading start from. Amounts are decimal strings.
 */
import type { Dec } from './decimal.js';

export const orderSides = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof orderSides)[number];

export const orderTypes = ['MARKET', 'LIMIT'] as const;
export type OrderType = (typeof orderTypes)[number];

export const timeInForces = ['GTC', 'IOC', 'FOK'] as const;
export type TimeInForce = (typeof timeInForces)[number];

export const orderStatuses = ['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const tradeModes = ['PAPER', 'LIVE'] as const;
export type TradeMode = (typeof tradeModes)[number];

export interface Fill {
  price: string;
  quantity: string;
  commission: string;
  commissionAsset: string;
}

export interface TradeOrder {
  mode: TradeMode;
  symbol: string;
  clientOrderId: string;
  /** The exchange's order id; null for paper orders. */
  exchangeOrderId: string | null;
  side: OrderSide;
  type: OrderType;
  status: OrderStatus;
  /** The limit price; null for MARKET orders. */
  price: string | null;
  /** Base-asset quantity ordered (for a MARKET order by quoteQuantity: the quantity derived from it). */
  quantity: string;
  executedQuantity: string;
  /** Quote-asset amount executed so far (Binance's cummulativeQuoteQty). */
  quoteQuantity: string;
  fills: Fill[];
  /** Epoch ms. */
  createdAt: number;
}

/** A TradeInput after its shape was checked: exactly one of quantity/quoteQuantity, price iff LIMIT. */
export interface TradeRequest {
  /** Upper case, as the exchange lists it. */
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: Dec | undefined;
  /** MARKET only. */
  quoteQuantity: Dec | undefined;
  /** LIMIT only. */
  price: Dec | undefined;
  /** LIMIT only (GTC when not given). */
  timeInForce: TimeInForce | undefined;
  clientOrderId: string;
}
