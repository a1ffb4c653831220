/**
 * The JSON bodies of the order endpoints, field for field: POST /api/v3/order in its ACK, RESULT
 * and FULL shapes, GET /api/v3/order (also the rows of openOrders and allOrders), and the cancel
 * answers. `stopPrice` appears in placement and cancel answers only for stop orders, as on Binance.
 */
import type { ResponseType } from './order-params.js';
import { isStopType } from './order-params.js';
import type { SimOrder } from './sim-order.js';

function ack(order: SimOrder): Record<string, unknown> {
  return {
    symbol: order.symbol, orderId: order.orderId, orderListId: order.orderListId,
    clientOrderId: order.clientOrderId, transactTime: order.time,
  };
}

function amounts(order: SimOrder): Record<string, unknown> {
  const body: Record<string, unknown> = {
    price: order.price, origQty: order.origQty, executedQty: order.executedQty,
    origQuoteOrderQty: order.origQuoteOrderQty, cummulativeQuoteQty: order.cummulativeQuoteQty,
    status: order.status, timeInForce: order.timeInForce, type: order.type, side: order.side,
  };
  if (isStopType(order.type)) body.stopPrice = order.stopPrice;
  return body;
}

function result(order: SimOrder): Record<string, unknown> {
  return { ...ack(order), ...amounts(order), workingTime: order.workingTime, selfTradePreventionMode: 'NONE' };
}

/** The answer to POST /api/v3/order in the requested shape. */
export function newOrderJson(order: SimOrder, respType: ResponseType): Record<string, unknown> {
  if (respType === 'ACK') return ack(order);
  if (respType === 'RESULT') return result(order);
  return { ...result(order), fills: order.fills.map((fill) => ({ ...fill })) };
}

/** Whether the order is (or was, until it filled) working on the book. */
function isWorking(order: SimOrder): boolean {
  return order.workingTime >= 0 && (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED' || order.status === 'FILLED');
}

/** The answer to GET /api/v3/order, and one row of openOrders / allOrders. */
export function queryOrderJson(order: SimOrder): Record<string, unknown> {
  return {
    symbol: order.symbol, orderId: order.orderId, orderListId: order.orderListId,
    clientOrderId: order.clientOrderId, price: order.price, origQty: order.origQty,
    executedQty: order.executedQty, cummulativeQuoteQty: order.cummulativeQuoteQty, status: order.status,
    timeInForce: order.timeInForce, type: order.type, side: order.side, stopPrice: order.stopPrice,
    icebergQty: '0.00000000', time: order.time, updateTime: order.updateTime, isWorking: isWorking(order),
    workingTime: order.workingTime, origQuoteOrderQty: order.origQuoteOrderQty, selfTradePreventionMode: 'NONE',
  };
}

/** One cancelled order in DELETE /api/v3/order and DELETE /api/v3/openOrders. */
export function canceledOrderJson(order: SimOrder, origClientOrderId: string, now: number): Record<string, unknown> {
  return {
    symbol: order.symbol, origClientOrderId, orderId: order.orderId, orderListId: order.orderListId,
    clientOrderId: order.clientOrderId, transactTime: now, ...amounts(order), selfTradePreventionMode: 'NONE',
  };
}
