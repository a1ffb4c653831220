/**
 * Signed trading endpoints: POST /api/v3/order, POST /api/v3/order/test, GET /api/v3/order,
 * DELETE /api/v3/order, GET /api/v3/account. Each authenticates first (after the weight was charged,
 * as on Binance), then validates, then reaches the matching engine. Orders belong to the account
 * whose API key signed them: another account neither finds nor cancels them.
 */
import { BinanceError, illegalChars, invalidSymbol, missingParam } from './binance-error.js';
import { canceledOrderJson, newOrderJson, queryOrderJson } from './order-json.js';
import { parseNewOrder } from './order-params.js';
import type { SimOrder } from './orders.js';
import type { ExchangeState, Route, RouteAnswer, RouteRequest } from './route.js';
import { authenticate } from './signature.js';

const TEN_SECONDS = 10_000;
const ONE_DAY = 86_400_000;

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

/** The API key of the account the request is signed for; throws as Binance answers a bad key or signature. */
function signedIn(state: ExchangeState, request: RouteRequest): string {
  const header = request.headers['x-mbx-apikey'];
  const credentials = state.accounts.get((Array.isArray(header) ? header[0] : header) ?? '') ?? state.credentials;
  authenticate(request, credentials, state.clock.now());
  return credentials.apiKey;
}

function placeOrder(state: ExchangeState, counter: OrderCounter, request: RouteRequest): RouteAnswer {
  const account = signedIn(state, request);
  const order = parseNewOrder(request.params, state.symbols);
  const now = state.clock.now();
  const placed = state.engine.place(order, now, account);
  const headers = counter.add(now);
  // Binance charges a successful placement weight 0 (failed ones keep the 1 charged up front).
  const trap = state.traps.take(placed.clientOrderId);
  if (trap === 'hang') return { hang: true, refundWeight: 1 };
  if (trap === '503') {
    return {
      status: 503,
      refundWeight: 1,
      body: { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' },
    };
  }
  return { body: newOrderJson(placed, order.respType), headers, refundWeight: 1 };
}

function testOrder(state: ExchangeState, request: RouteRequest): RouteAnswer {
  signedIn(state, request);
  state.engine.validate(parseNewOrder(request.params, state.symbols));
  if (request.params.computeCommissionRates !== 'true') return { body: {} };
  const rate = { maker: '0.00100000', taker: '0.00100000' };
  return {
    body: {
      standardCommissionForOrder: rate,
      specialCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      taxCommissionForOrder: { maker: '0.00000000', taker: '0.00000000' },
      discount: { enabledForAccount: false, enabledForSymbol: false, discountAsset: 'BNB', discount: '0.25000000' },
    },
  };
}

/** The account's order named by orderId and/or origClientOrderId, as GET and DELETE look it up. */
function lookUp(state: ExchangeState, params: Record<string, string>, account: string): SimOrder {
  if (!params.symbol) throw missingParam('symbol');
  if (!state.symbols.has(params.symbol)) throw invalidSymbol();
  const { orderId, origClientOrderId } = params;
  if (!orderId && !origClientOrderId) {
    throw new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  }
  if (orderId && !/^[0-9]{1,20}$/.test(orderId)) throw illegalChars('orderId', '^[0-9]{1,20}$');
  const now = state.clock.now();
  const found = state.engine.find(
    params.symbol,
    orderId ? { orderId: Number(orderId) } : { clientOrderId: origClientOrderId ?? '' },
    now,
    account,
  );
  // An order younger than the invisibility window is "not there yet", like Binance's memory/DB lag.
  if (!found || now - found.time < state.invisibleForMs) throw new BinanceError(400, -2013, 'Order does not exist.');
  if (orderId && origClientOrderId && found.clientOrderId !== origClientOrderId) {
    throw new BinanceError(400, -2039, 'Client order ID is not correct for this order ID.');
  }
  return found;
}

function queryOrder(state: ExchangeState, request: RouteRequest): RouteAnswer {
  const account = signedIn(state, request);
  return { body: queryOrderJson(lookUp(state, request.params, account)) };
}

function cancelOrder(state: ExchangeState, request: RouteRequest): RouteAnswer {
  const account = signedIn(state, request);
  const now = state.clock.now();
  let order: SimOrder;
  try {
    order = lookUp(state, request.params, account);
  } catch (error) {
    if (error instanceof BinanceError && error.code === -2013) throw new BinanceError(400, -2011, 'Unknown order sent.');
    throw error;
  }
  const canceled = state.engine.cancel(order, now);
  if (!canceled) throw new BinanceError(400, -2011, 'Unknown order sent.');
  const cancelId = request.params.newClientOrderId || `cancel${canceled.orderId}`;
  return { body: canceledOrderJson(canceled, cancelId, now) };
}

/**
 * GET /api/v3/account, in the documented shape: the simulator keeps no balances (orders never fail
 * for lack of funds), so the list is empty; canTrade is the account's setting.
 */
function accountInfo(state: ExchangeState, request: RouteRequest): RouteAnswer {
  const account = signedIn(state, request);
  const credentials = state.accounts.get(account) ?? state.credentials;
  const rates = { maker: '0.00100000', taker: '0.00100000', buyer: '0.00000000', seller: '0.00000000' };
  return {
    body: {
      makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
      commissionRates: rates,
      canTrade: credentials.canTrade ?? true, canWithdraw: false, canDeposit: false,
      brokered: false, requireSelfTradePrevention: false, preventSor: false,
      updateTime: state.clock.now(), accountType: 'SPOT', balances: [], permissions: ['SPOT'],
      uid: 354937868 + [...state.accounts.keys()].indexOf(account),
    },
  };
}

/** Every trading route, bound to the exchange state. */
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
    { method: 'GET', path: '/api/v3/order', weight: () => 4, handle: (r) => queryOrder(state, r) },
    { method: 'DELETE', path: '/api/v3/order', weight: () => 1, handle: (r) => cancelOrder(state, r) },
    { method: 'GET', path: '/api/v3/account', weight: () => 20, handle: (r) => accountInfo(state, r) },
  ];
}
