/**
 * Between the gateway's orders and Binance's: a prepared order as POST /api/v3/order parameters,
 * and an order response (POST or GET /api/v3/order) as the gateway's Order. Exchange amounts pass
 * through digit for digit, as the exchange sent them.
 */
import type { OrderResponse } from '../exchange/binance-schemas.js';
import { formatDecimal } from './decimal.js';
import { orderTypes, stopOrderTypes, timeInForces, type OrderSide, type OrderStatus, type OrderType, type TimeInForce, type TradeOrder } from './order.js';
import type { PreparedOrder } from './prepare-order.js';

/** The parameters sent for `prepared` (without recvWindow, timestamp and signature, which the client adds). */
export function orderParams(prepared: PreparedOrder): Record<string, string> {
  const { request, info } = prepared;
  const params: Record<string, string> = {
    symbol: info.symbol,
    side: request.side,
    type: request.type,
    newClientOrderId: request.clientOrderId,
  };
  // A quote-amount MARKET order goes as quoteOrderQty: the exchange spends it as exactly as it can.
  if (request.quoteQuantity !== undefined) params.quoteOrderQty = formatDecimal(request.quoteQuantity);
  else params.quantity = formatDecimal(prepared.quantity);
  if (request.price !== undefined) params.price = formatDecimal(request.price);
  if (request.stopPrice !== undefined) params.stopPrice = formatDecimal(request.stopPrice);
  if (request.timeInForce !== undefined) params.timeInForce = request.timeInForce;
  return params;
}

/** Binance statuses the contract has no name for, mapped to the nearest one. */
const statusAliases: Record<string, OrderStatus> = {
  PENDING_NEW: 'NEW',
  PENDING_CANCEL: 'CANCELED',
  EXPIRED_IN_MATCH: 'EXPIRED',
};
const knownStatuses = new Set<string>(['NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED']);

function statusOf(raw: string | undefined): OrderStatus {
  if (raw === undefined) return 'NEW';
  return knownStatuses.has(raw) ? (raw as OrderStatus) : (statusAliases[raw] ?? 'NEW');
}

const knownTypes: ReadonlySet<string> = new Set(orderTypes);
const knownTimeInForces: ReadonlySet<string> = new Set(timeInForces);

/** The exchange's "0.00000000" where a price does not apply, as null. */
function priceOrNull(value: string | undefined): string | null {
  return value === undefined || /^0(\.0*)?$/.test(value) ? null : value;
}

/**
 * The exchange's answer as an Order. `params` fills what an answer may lack. A queried order (GET)
 * carries no fills: the caller adds them from myTrades (live-order-fills.ts).
 */
export function toLiveOrder(response: OrderResponse, params: Record<string, string>, now: number): TradeOrder {
  const rawType = response.type ?? params.type ?? 'MARKET';
  const type: OrderType = knownTypes.has(rawType) ? (rawType as OrderType) : 'MARKET';
  const side: OrderSide = (response.side ?? params.side) === 'SELL' ? 'SELL' : 'BUY';
  const rawTif = response.timeInForce ?? params.timeInForce;
  const timeInForce: TimeInForce | null =
    type === 'MARKET' ? null : type === 'LIMIT_MAKER' ? 'GTC' : rawTif !== undefined && knownTimeInForces.has(rawTif) ? (rawTif as TimeInForce) : 'GTC';
  const createdAt = response.time ?? response.transactTime ?? now;
  return {
    mode: 'LIVE',
    symbol: response.symbol,
    // A cancel's answer carries the cancel's own id; the order keeps the one it was placed with.
    clientOrderId: response.origClientOrderId ?? params.newClientOrderId ?? response.clientOrderId,
    exchangeOrderId: String(response.orderId),
    side,
    type,
    status: statusOf(response.status),
    price: type === 'MARKET' ? null : (priceOrNull(response.price) ?? params.price ?? null),
    quantity: response.origQty ?? params.quantity ?? '0',
    executedQuantity: response.executedQty ?? '0',
    quoteQuantity: response.cummulativeQuoteQty ?? '0',
    fills: (response.fills ?? []).map((fill) => ({
      price: fill.price,
      quantity: fill.qty,
      commission: fill.commission,
      commissionAsset: fill.commissionAsset,
      ...(fill.tradeId !== undefined && { tradeId: String(fill.tradeId) }),
    })),
    createdAt,
    updatedAt: response.updateTime ?? response.transactTime ?? createdAt,
    timeInForce,
    stopPrice: stopOrderTypes.has(type) ? (priceOrNull(response.stopPrice) ?? params.stopPrice ?? null) : null,
  };
}
