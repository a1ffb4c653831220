/**
 * Signed order endpoints: POST /api/v3/order, POST /api/v3/order/test, GET /api/v3/order,
 * DELETE /api/v3/order and DELETE /api/v3/openOrders. Each authenticates first (after the weight
 * was charged, as on Binance), then validates, then reaches the order desk.
 */
import { BinanceError, illegalChars, unknownOrder } from './binance-error.js';
import type { Account } from './accounts.js';
import { fmt8 } from './decimals.js';
import { COMMISSION_RATE } from './order-fills.js';
import { canceledOrderJson, newOrderJson, queryOrderJson } from './order-json.js';
import { CLIENT_ORDER_ID_PATTERN, parseNewOrder } from './order-params.js';
import { symbolParam } from './route-params.js';
import { signedAccount, type ExchangeState, type Route, type RouteAnswer, type RouteRequest } from './route.js';
import type { SimOrder } from './sim-order.js';

const TEN_SECONDS = 10_000;
const ONE_DAY = 86_400_000;

/** The answer when the engine acted but the REST layer timed out (a 503 trap): the caller must look the order up. */
function backendTimeout(): RouteAnswer {
  return {
    status: 503,
    refundWeight: 1,
    body: { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' },
  };
}

/** Orders placed per fixed window, for the X-MBX-ORDER-COUNT-* headers. */
class OrderCounter {
  private windows = { short: { start: -1, count: 0 }, day: { start: -1, count: 0 } };

  add(now: number): Record<string, string> {
    const bump = (window: { start: number; count: number }, length: number): number => {
      const start = Math.floor(now / length) * length;
      if (window.start !== start) Object.assign(window, { start, count: 0 });
      return ++window.count;
    };
    return {
      'X-MBX-ORDER-COUNT-10S': String(bump(this.windows.short, TEN_SECONDS)),
      'X-MBX-ORDER-COUNT-1D': String(bump(this.windows.day, ONE_DAY)),
    };
  }
}

function placeOrder(state: ExchangeState, counter: OrderCounter, request: RouteRequest): RouteAnswer {
  const account = signedAccount(state, request);
  const order = parseNewOrder(request.params, state.symbols);
  const placed = state.desk.place(account, order);
  const headers = counter.add(state.clock.now());
  // Binance charges a successful placement weight 0 (failed ones keep the 1 charged up front).
  const trap = state.traps.take(placed.clientOrderId);
  if (trap === 'hang') return { hang: true, refundWeight: 1 };
  if (trap === '503') return backendTimeout();
  return { body: newOrderJson(placed, order.respType), headers, refundWeight: 1 };
}

function testOrder(state: ExchangeState, request: RouteRequest): RouteAnswer {
  signedAccount(state, request);
  state.desk.validate(parseNewOrder(request.params, state.symbols));
  if (request.params.computeCommissionRates !== 'true') return { body: {} };
  const rate = { maker: fmt8(COMMISSION_RATE), taker: fmt8(COMMISSION_RATE) };
  return {
    body: {
      standardCommissionForOrder: rate,
      specialCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      taxCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.25000000' },
    },
  };
}

const orderDoesNotExist = (): BinanceError => new BinanceError(400, -2013, 'Order does not exist.');

/**
 * The order named by orderId and/or origClientOrderId, as GET and DELETE look it up. `notFound`:
 * the error when there is no such order (yet): -2013 for a query, -2011 (unknownOrder) for a cancel.
 */
export function lookUp(state: ExchangeState, account: Account, params: Record<string, string>, notFound = orderDoesNotExist): SimOrder {
  const { symbol } = symbolParam(state.symbols, params).spec;
  const { orderId, origClientOrderId } = params;
  if (!orderId && !origClientOrderId) {
    throw new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  }
  if (orderId && !/^[0-9]{1,20}$/.test(orderId)) throw illegalChars('orderId', '^[0-9]{1,20}$');
  const now = state.clock.now();
  const found = state.desk.find(account, symbol, orderId ? { orderId: Number(orderId) } : { clientOrderId: origClientOrderId ?? '' });
  // An order younger than the invisibility window is "not there yet", like Binance's memory/DB lag.
  if (!found || now - found.time < state.invisibleForMs) throw notFound();
  if (orderId && origClientOrderId && found.clientOrderId !== origClientOrderId) {
    throw new BinanceError(400, -2039, 'Client order ID is not correct for this order ID.');
  }
  return found;
}

function cancelRestriction(params: Record<string, string>): 'ONLY_NEW' | 'ONLY_PARTIALLY_FILLED' | undefined {
  const value = params.cancelRestrictions || undefined;
  if (value === undefined || value === 'ONLY_NEW' || value === 'ONLY_PARTIALLY_FILLED') return value;
  throw new BinanceError(400, -1145, 'Invalid cancelRestrictions');
}

function cancelOrder(state: ExchangeState, request: RouteRequest): RouteAnswer {
  const account = signedAccount(state, request);
  const { params } = request;
  const newId = params.newClientOrderId || undefined;
  if (newId !== undefined && !CLIENT_ORDER_ID_PATTERN.test(newId)) throw illegalChars('newClientOrderId', '^[a-zA-Z0-9-_]{1,36}$');
  const restriction = cancelRestriction(params);
  const order = lookUp(state, account, params, unknownOrder);
  const canceled = state.desk.cancel(order, newId, restriction);
  // Canceled by the engine, but the answer is lost (a REST-layer timeout or a 503).
  const trap = state.cancelTraps.take(canceled.origClientOrderId);
  if (trap === 'hang') return { hang: true, refundWeight: 1 };
  if (trap === '503') return backendTimeout();
  return { body: canceledOrderJson(canceled.order, canceled.origClientOrderId, state.clock.now()), refundWeight: 1 };
}

function cancelAll(state: ExchangeState, request: RouteRequest): RouteAnswer {
  const account = signedAccount(state, request);
  const { symbol } = symbolParam(state.symbols, request.params).spec;
  const now = state.clock.now();
  const canceled = state.desk.cancelAll(account, symbol);
  return { body: canceled.map((c) => canceledOrderJson(c.order, c.origClientOrderId, now)), refundWeight: 1 };
}

/** Every order route, bound to the exchange state. */
export function tradeRoutes(state: ExchangeState): Route[] {
  const counter = new OrderCounter();
  return [
    { method: 'POST', path: '/api/v3/order', weight: () => 1, handle: (r) => placeOrder(state, counter, r) },
    {
      method: 'POST',
      path: '/api/v3/order/test',
      weight: (p) => (p.computeCommissionRates === 'true' ? 20 : 1),
      handle: (r) => testOrder(state, r),
    },
    { method: 'GET', path: '/api/v3/order', weight: () => 4, handle: (r) => ({ body: queryOrderJson(lookUp(state, signedAccount(state, r), r.params)) }) },
    // Successful cancels cost 0 since 2026-04-02; failed ones keep the weight charged up front.
    { method: 'DELETE', path: '/api/v3/order', weight: () => 1, handle: (r) => cancelOrder(state, r) },
    { method: 'DELETE', path: '/api/v3/openOrders', weight: () => 1, handle: (r) => cancelAll(state, r) },
  ];
}
