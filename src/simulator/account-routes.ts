/**
 * Signed account endpoints: GET /api/v3/account, openOrders (one symbol or all), allOrders and
 * myTrades, with Binance's weights, list rules (orderId / fromId are "from this id on", no id
 * means the most recent, results ascend) and the 24-hour limit on time windows.
 */
import { BinanceError, invalidSymbol } from './binance-error.js';
import type { Account } from './accounts.js';
import { fmt8 } from './decimals.js';
import { COMMISSION_RATE } from './order-fills.js';
import { queryOrderJson } from './order-json.js';
import { signedAccount, type ExchangeState, type Route, type RouteRequest } from './route.js';
import { idParam, limitParam, symbolParam, timeWindow } from './route-params.js';
import { isOpen } from './sim-order.js';

const DAY = 86_400_000;
/** The commission rate in basis points, as /api/v3/account's makerCommission and takerCommission give it. */
const COMMISSION_BPS = COMMISSION_RATE.times(10_000).toNumber();

function accountJson(state: ExchangeState, account: Account, params: Record<string, string>): unknown {
  state.markets.syncAll();
  return {
    makerCommission: COMMISSION_BPS, takerCommission: COMMISSION_BPS, buyerCommission: 0, sellerCommission: 0,
    commissionRates: { maker: fmt8(COMMISSION_RATE), taker: fmt8(COMMISSION_RATE), buyer: '0.00000000', seller: '0.00000000' },
    canTrade: account.credentials.canTrade ?? true, canWithdraw: true, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false,
    updateTime: account.updateTime, accountType: 'SPOT', balances: account.balances.list(params.omitZeroBalances === 'true'),
    permissions: ['SPOT'], uid: account.uid,
  };
}

/** The newest `limit` of `rows` (oldest first), or the first `limit` from `start` on when given. */
function page<T>(rows: T[], limit: number, start?: (row: T) => boolean): T[] {
  if (!start) return rows.slice(Math.max(0, rows.length - limit));
  const from = rows.findIndex(start);
  return from < 0 ? [] : rows.slice(from, from + limit);
}

function openOrders(state: ExchangeState, request: RouteRequest): unknown {
  const account = signedAccount(state, request);
  const { symbol } = request.params;
  if (symbol && !state.symbols.has(symbol)) throw invalidSymbol();
  if (symbol) state.markets.synced(symbol);
  else state.markets.syncAll();
  return account.orders.filter((o) => isOpen(o) && (!symbol || o.symbol === symbol)).map(queryOrderJson);
}

/** What allOrders and myTrades both take: the account, one symbol (brought up to date), limit, orderId and a window of at most a day. */
function historyRequest(state: ExchangeState, request: RouteRequest) {
  const account = signedAccount(state, request);
  const { params } = request;
  const symbol = symbolParam(state.symbols, params).spec.symbol;
  state.markets.synced(symbol);
  return { account, params, symbol, limit: limitParam(params, 500, 1000), orderId: idParam(params, 'orderId'), ...timeWindow(params, DAY) };
}

function allOrders(state: ExchangeState, request: RouteRequest): unknown {
  const { account, symbol, limit, orderId, startTime, endTime } = historyRequest(state, request);
  const rows = account.orders.filter((o) => o.symbol === symbol && (startTime === undefined || o.time >= startTime) && (endTime === undefined || o.time <= endTime));
  const from = orderId !== undefined ? (o: { orderId: number }) => o.orderId >= orderId : startTime !== undefined ? () => true : undefined;
  return page(rows, limit, from).map(queryOrderJson);
}

function myTrades(state: ExchangeState, request: RouteRequest): unknown {
  const { account, params, symbol, limit, orderId, startTime, endTime } = historyRequest(state, request);
  const fromId = idParam(params, 'fromId');
  if ((fromId !== undefined && (startTime !== undefined || endTime !== undefined)) || (orderId !== undefined && (startTime !== undefined || endTime !== undefined))) {
    throw new BinanceError(400, -1128, 'Combination of optional parameters invalid.');
  }
  const rows = account.trades.filter((t) => t.symbol === symbol && (orderId === undefined || t.orderId === orderId)
    && (startTime === undefined || t.time >= startTime) && (endTime === undefined || t.time <= endTime));
  const from = fromId !== undefined ? (t: { id: number }) => t.id >= fromId : startTime !== undefined ? () => true : undefined;
  return page(rows, limit, from).map((t) => ({ ...t }));
}

/** Every account route, bound to the exchange state. */
export function accountRoutes(state: ExchangeState): Route[] {
  return [
    { method: 'GET', path: '/api/v3/account', weight: () => 20, handle: (r) => ({ body: accountJson(state, signedAccount(state, r), r.params) }) },
    { method: 'GET', path: '/api/v3/openOrders', weight: (p) => (p.symbol ? 6 : 80), handle: (r) => ({ body: openOrders(state, r) }) },
    { method: 'GET', path: '/api/v3/allOrders', weight: () => 20, handle: (r) => ({ body: allOrders(state, r) }) },
    { method: 'GET', path: '/api/v3/myTrades', weight: (p) => (p.orderId ? 5 : 20), handle: (r) => ({ body: myTrades(state, r) }) },
  ];
}
