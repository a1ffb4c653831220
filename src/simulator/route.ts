/**
 * The shape every REST endpoint of the fake exchange has (one handler per endpoint, like the
 * gateway's own routes), and the state handlers share.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Account, Accounts } from './accounts.js';
import type { ExchangeClock } from './clock.js';
import type { Markets } from './markets.js';
import type { OrderDesk } from './order-desk.js';
import type { OrderTraps } from './order-traps.js';
import { authenticate } from './signature.js';
import type { ListedSymbol } from './symbols.js';

export interface RouteRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawQuery: string;
  rawBody: string;
  /** Query and form-body parameters, decoded; the query wins when both carry one. */
  params: Record<string, string>;
}

/** A JSON answer, or no answer at all (the socket is left hanging). */
export type RouteAnswer =
  | { hang?: false; status?: number; body: unknown; headers?: Record<string, string>; refundWeight?: number }
  | { hang: true; refundWeight?: number };

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Request weight, which may depend on the parameters (ticker/price with or without symbol). */
  weight(params: Record<string, string>): number;
  /** Answers, or throws a BinanceError. */
  handle(request: RouteRequest): RouteAnswer;
}

/** What the handlers read and change. */
export interface ExchangeState {
  symbols: Map<string, ListedSymbol>;
  clock: ExchangeClock;
  listingTime: number;
  weightLimitPerMinute: number;
  accounts: Accounts;
  markets: Markets;
  desk: OrderDesk;
  traps: OrderTraps;
  /** Cancels executed but not answered (orders.cancelButNoAnswer). */
  cancelTraps: OrderTraps;
  /** Orders younger than this (exchange ms) answer -2013 to queries. */
  invisibleForMs: number;
  /** Drops the next `count` diff-depth events of a symbol (POST /__admin/depth-gap). */
  depthGap(symbol: string, count: number): void;
}

/** The account a signed request comes from (after Binance's key, signature and timing checks). */
export function signedAccount(state: ExchangeState, request: RouteRequest): Account {
  const credentials = authenticate(request, (apiKey) => state.accounts.get(apiKey)?.credentials, state.clock.now());
  return state.accounts.get(credentials.apiKey) as Account;
}
