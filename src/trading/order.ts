/**
 * The order as the gateway returns it (GraphQL `Order`), for paper and live alike, and the
 * normalized trade request both kinds of trading start from. Amounts are decimal strings.
 */
import type { Dec } from './decimal.js';

export const orderSides = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof orderSides)[number];

export const orderTypes = ['MARKET', 'LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'] as const;
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
  /** The exchange's trade id of a live fill (what fills are told apart by); absent for paper fills. */
  tradeId?: string | undefined;
}

/** The order types that rest untriggered until the last trade price reaches stopPrice. */
export const stopOrderTypes: ReadonlySet<OrderType> = new Set(['STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT']);

/** Statuses of an order still working (a stop order not yet triggered included). */
export function isOpenStatus(status: OrderStatus): boolean {
  return status === 'NEW' || status === 'PARTIALLY_FILLED';
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
  /** The last change (placement, fill, trigger, cancel, expiry), epoch ms. */
  updatedAt: number;
  /** LIMIT, LIMIT_MAKER (GTC) and the stop types; null for MARKET orders. */
  timeInForce: TimeInForce | null;
  /** The trigger price of a stop order; null for the others. */
  stopPrice: string | null;
}

/** A TradeInput after its shape was checked: exactly one of quantity/quoteQuantity, price iff not MARKET, stopPrice iff a stop type. */
export interface TradeRequest {
  /** Upper case, as the exchange lists it. */
  symbol: string;
  side: OrderSide;
  type: OrderType;
  quantity: Dec | undefined;
  /** MARKET only. */
  quoteQuantity: Dec | undefined;
  /** Every type but MARKET. */
  price: Dec | undefined;
  /** The stop types only. */
  stopPrice: Dec | undefined;
  /** LIMIT and the stop types (GTC when not given); LIMIT_MAKER takes none (it is GTC by nature). */
  timeInForce: TimeInForce | undefined;
  clientOrderId: string;
}
