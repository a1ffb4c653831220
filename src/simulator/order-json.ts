/**
 * The JSON bodies of the order endpoints, field for field: POST /api/v3/order in its ACK, RESULT
 * and FULL shapes, GET /api/v3/order, and DELETE /api/v3/order.
 */
import type { ResponseType } from './order-params.js';
import type { SimOrder } from './orders.js';

function ack(order: SimOrder): Record<string, unknown> {
  return {
    symbol: order.symbol, orderId: order.orderId, orderListId: order.orderListId,
    clientOrderId: order.clientOrderId, transactTime: order.time,
  };
}

function result(order: SimOrder): Record<string, unknown> {
  return {
    ...ack(order),
    price: order.price, origQty: order.origQty, executedQty: order.executedQty,
    origQuoteOrderQty: order.origQuoteOrderQty, cummulativeQuoteQty: order.cummulativeQuoteQty,
    status: order.status, timeInForce: order.timeInForce, type: order.type, side: order.side,
    workingTime: order.workingTime, selfTradePreventionMode: 'NONE',
  };
}

/** The answer to POST /api/v3/order in the requested shape. */
export function newOrderJson(order: SimOrder, respType: ResponseType): Record<string, unknown> {
  if (respType === 'ACK') return ack(order);
  if (respType === 'RESULT') return result(order);
  return { ...result(order), fills: order.fills.map((fill) => ({ ...fill })) };
}

/** The answer to GET /api/v3/order. */
export function queryOrderJson(order: SimOrder): Record<string, unknown> {
  return {
    symbol: order.symbol, orderId: order.orderId, orderListId: order.orderListId,
    clientOrderId: order.clientOrderId, price: order.price, origQty: order.origQty,
    executedQty: order.executedQty, cummulativeQuoteQty: order.cummulativeQuoteQty, status: order.status,
    timeInForce: order.timeInForce, type: order.type, side: order.side, stopPrice: '0.00000000',
    icebergQty: '0.00000000', time: order.time, updateTime: order.updateTime,
    isWorking: order.status === 'NEW' || order.status === 'PARTIALLY_FILLED' || order.status === 'FILLED',
    workingTime: order.workingTime, origQuoteOrderQty: order.origQuoteOrderQty, selfTradePreventionMode: 'NONE',
  };
}

/** The answer to DELETE /api/v3/order. */
export function canceledOrderJson(order: SimOrder, cancelClientOrderId: string, now: number): Record<string, unknown> {
  return {
    symbol: order.symbol, origClientOrderId: order.clientOrderId, orderId: order.orderId,
    orderListId: order.orderListId, clientOrderId: cancelClientOrderId, transactTime: now,
    price: order.price, origQty: order.origQty, executedQty: order.executedQty,
    origQuoteOrderQty: order.origQuoteOrderQty, cummulativeQuoteQty: order.cummulativeQuoteQty,
    status: order.status, timeInForce: order.timeInForce, type: order.type, side: order.side,
    selfTradePreventionMode: 'NONE',
  };
}
