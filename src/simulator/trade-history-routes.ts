/**
 * The public tape and book endpoints: depth (weights by limit), trades, historicalTrades
 * (fromId) and aggTrades (fromId / startTime / endTime). All read the same market, so the book
 * agrees with bookTicker and the trades with the klines of their minutes.
 */
import { priceText, qtyText, quoteText, snapshotJson } from './market-format.js';
import type { Market } from './market.js';
import { getRoute } from './market-routes.js';
import type { ExchangeState, Route } from './route.js';
import { idParam, limitParam, symbolParam, timeWindow } from './route-params.js';

const MAX_DEPTH = 5000;

/** GET /api/v3/depth weight by limit (since 2023-10-19). */
export function depthWeight(limit: number): number {
  return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
}

function tradeJson(market: Market, i: number): Record<string, unknown> {
  const { tape, symbol } = market;
  return {
    id: tape.idAt(i), price: priceText(symbol, tape.ticksAt(i)), qty: qtyText(symbol, tape.stepsAt(i)),
    quoteQty: quoteText(symbol, tape.ticksAt(i), tape.stepsAt(i)), time: tape.timeAt(i), isBuyerMaker: tape.makerAt(i), isBestMatch: true,
  };
}

/** The aggregate trade starting at tape index `i`, and the index after it. */
function aggregateAt(market: Market, i: number): { json: Record<string, unknown>; next: number } {
  const { tape, symbol } = market;
  const aggId = tape.aggIdAt(i);
  let steps = 0;
  let j = i;
  for (; j < tape.size && tape.aggIdAt(j) === aggId; j++) steps += tape.stepsAt(j);
  return {
    json: { a: aggId, p: priceText(symbol, tape.ticksAt(i)), q: qtyText(symbol, steps), f: tape.idAt(i), l: tape.idAt(j - 1), T: tape.timeAt(i), m: tape.makerAt(i), M: true },
    next: j,
  };
}

function aggTrades(market: Market, params: Record<string, string>, now: number): unknown[] {
  const { tape } = market;
  const limit = limitParam(params, 500, 1000);
  const fromId = idParam(params, 'fromId');
  const { startTime, endTime } = timeWindow(params);
  const end = tape.indexAtTime(Math.min(now, endTime ?? now) + 1);
  let start: number;
  if (fromId !== undefined) start = tape.indexAtAggId(fromId);
  else if (startTime !== undefined) start = tape.indexAtTime(startTime);
  else {
    // The newest `limit` aggregates up to the end: walk back over aggregate boundaries.
    start = end;
    for (let seen = 0; start > 0 && seen < limit; seen++) {
      const aggId = tape.aggIdAt(start - 1);
      while (start > 0 && tape.aggIdAt(start - 1) === aggId) start--;
    }
  }
  const out: unknown[] = [];
  for (let i = start; i < end && out.length < limit; ) {
    const { json, next } = aggregateAt(market, i);
    out.push(json);
    i = next;
  }
  return out;
}

/** Every tape and book route, bound to the exchange state. */
export function tradeHistoryRoutes(state: ExchangeState): Route[] {
  const market = (params: Record<string, string>): Market => state.markets.synced(symbolParam(state.symbols, params).spec.symbol).market;
  const now = (): number => state.clock.now();
  const trades = (params: Record<string, string>, fromId: number | undefined): unknown[] => {
    const m = market(params);
    const limit = limitParam(params, 500, 1000);
    const end = m.tape.indexAtTime(now() + 1);
    const start = fromId === undefined ? Math.max(0, end - limit) : m.tape.indexAtId(fromId);
    const out: unknown[] = [];
    for (let i = start; i < end && out.length < limit; i++) out.push(tradeJson(m, i));
    return out;
  };
  return [
    getRoute('/api/v3/depth', (p) => depthWeight(limitParamSafe(p)), ({ params }) => {
      const m = market(params);
      const snapshot = m.updates.snapshot(limitParam(params, 100, MAX_DEPTH, true));
      return snapshotJson(m.symbol, snapshot);
    }),
    getRoute('/api/v3/trades', () => 25, ({ params }) => trades(params, undefined)),
    getRoute('/api/v3/historicalTrades', () => 25, ({ params }) => trades(params, idParam(params, 'fromId'))),
    getRoute('/api/v3/aggTrades', () => 4, ({ params }) => aggTrades(market(params), params, now())),
  ];
}

/** The limit a depth request will be served with (for its weight), tolerating a malformed one. */
function limitParamSafe(params: Record<string, string>): number {
  const n = Number(params.limit ?? 100);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), MAX_DEPTH) : 100;
}
