/**
 * Test hooks over HTTP (the exchange only listens on loopback): the exchange's own book at an
 * update id, so a client's local book can be checked at every update, and a depth gap, so a
 * client's gap handling can be checked. Not part of Binance; weight 0.
 *
 *   GET  /__admin/book?symbol=BTCUSDT&depth=20&updateId=123  → {lastUpdateId, bids, asks}
 *   POST /__admin/depth-gap {"symbol":"BTCUSDT","count":1}    → drops the next `count` diff events
 */
import { BinanceError, illegalChars, missingParam } from './binance-error.js';
import { HISTORY_DEPTH } from './book-updates.js';
import { snapshotJson } from './market-format.js';
import type { ExchangeState, Route, RouteRequest } from './route.js';
import { idParam, limitParam, symbolParam } from './route-params.js';

function book(state: ExchangeState, { params }: RouteRequest): unknown {
  const { market } = state.markets.synced(symbolParam(state.symbols, params).spec.symbol);
  const depth = limitParam({ limit: params.depth ?? '' }, 100, 5000, true);
  const updateId = idParam(params, 'updateId');
  const current = market.updates.updateId;
  if (updateId !== undefined && updateId > current) throw new BinanceError(400, -1, `update id ${updateId} is after the book's last one (${current})`);
  const snapshot = updateId === undefined || updateId === current ? market.updates.snapshot(depth) : market.updates.at(updateId);
  if (!snapshot) throw new BinanceError(404, -1, `update id ${updateId} is older than the kept history`);
  const cut = updateId === undefined || updateId === current ? depth : Math.min(depth, HISTORY_DEPTH);
  return snapshotJson(market.symbol, snapshot, cut);
}

function depthGap(state: ExchangeState, { rawBody }: RouteRequest): unknown {
  let body: unknown;
  try {
    body = JSON.parse(rawBody || '{}');
  } catch {
    throw new BinanceError(400, -1135, 'Invalid JSON body.');
  }
  const { symbol, count } = (body ?? {}) as { symbol?: unknown; count?: unknown };
  if (typeof symbol !== 'string' || !symbol) throw missingParam('symbol');
  symbolParam(state.symbols, { symbol });
  const events = count === undefined ? 1 : count;
  if (typeof events !== 'number' || !Number.isInteger(events) || events < 1) throw illegalChars('count', '1..');
  state.depthGap(symbol, events);
  return { symbol, count: events };
}

/** The admin routes, bound to the exchange state. */
export function adminRoutes(state: ExchangeState): Route[] {
  return [
    { method: 'GET', path: '/__admin/book', weight: () => 0, handle: (r) => ({ body: book(state, r) }) },
    { method: 'POST', path: '/__admin/depth-gap', weight: () => 0, handle: (r) => ({ body: depthGap(state, r) }) },
  ];
}
