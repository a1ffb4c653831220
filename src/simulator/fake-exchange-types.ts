/**
 * The programmatic face of the simulator: the options `startFakeExchange` takes and the levers
 * the returned FakeExchange gives tests, the demo and benchmarks. Kept apart from the wiring so
 * the contract reads in one place.
 */
import type { AccountSpec, MyTrade } from './accounts.js';
import type { ExchangeClockControls } from './clock.js';
import type { FaultSpec } from './faults.js';
import type { KlineEvent } from './kline-feed.js';
import type { KlinePayload, KlineRow } from './kline-generator.js';
import type { ControlMessage } from './market-streams.js';
import type { TrapSpec } from './order-traps.js';
import type { LoggedRequest } from './request-log.js';
import type { SimOrder } from './sim-order.js';
import type { SymbolSpec } from './symbols.js';

export interface FakeExchangeOptions {
  /** @default 0 (a free port); the host is always 127.0.0.1 */
  port?: number;
  /** @default BTCUSDT (~64000), ETHUSDT (~3200), BNBBTC (~0.009) trading and LUNAUSDT in BREAK */
  symbols?: SymbolSpec[];
  /** The default account's key (ignored when `accounts` is given). @default 'sim-api-key' */
  apiKey?: string;
  /** The default account's HMAC secret. @default 'sim-api-secret' */
  apiSecret?: string;
  /** When set, the default account's signatures are verified as Ed25519 (base64) instead of HMAC (hex). */
  ed25519PublicKeyPem?: string;
  /** Every account of the exchange, the first being the default one. @default one account from apiKey/apiSecret */
  accounts?: AccountSpec[];
  /** The exchange clock = Date.now() + offset (+ whatever advance() added). @default 0 */
  clockOffsetMs?: number;
  /** Reported in exchangeInfo.rateLimits (REQUEST_WEIGHT, MINUTE, 1) and enforced. @default 6000 */
  weightLimitPerMinute?: number;
  /** No klines before the bar containing this time (ms). @default 2017-08-17T00:00:00Z */
  listingTime?: number;
  /** When the live trade tape begins; klines before it are generated. @default one minute before the start minute (trades to look at from the first request on) */
  tapeStartTime?: number;
  /** Trades kept per symbol; older ones are forgotten (their minutes stay aggregated). @default 1 000 000 */
  tapeCapacity?: number;
  /** How often each subscribed kline stream pushes its forming bar; 0 = only manual pushes. @default 2000 */
  streamUpdateIntervalMs?: number;
  /** Server pings on market streams and the WebSocket API. @default 20000 */
  pingIntervalMs?: number;
  /** @default 60000 */
  pongTimeoutMs?: number;
  /** Salt of every generated price, volume, trade and id. @default 1 */
  seed?: number;
}

/** What `market.printTrade` may be told besides price and quantity. */
export interface PrintOptions {
  /** The taker's side when no resting order decides it. @default SELL at or below the best bid, else BUY */
  takerSide?: 'BUY' | 'SELL';
}

/** An account's balance row, as GET /api/v3/account shows it. */
export interface BalanceRow {
  asset: string;
  free: string;
  locked: string;
}

export interface FakeExchange {
  /** http://127.0.0.1:PORT (REST root: `${url}/api/v3/...`). */
  url: string;
  /** ws://127.0.0.1:PORT (`${wsUrl}/stream` or `${wsUrl}/ws`). */
  wsUrl: string;
  /** ws://127.0.0.1:PORT/ws-api/v3 (the WebSocket API: user data, session, orders). */
  wsApiUrl: string;
  /** The default account's API key. */
  apiKey: string;
  /** The default account's HMAC secret ('' for an Ed25519-only account). */
  apiSecret: string;
  clock: ExchangeClockControls;
  /** Requests seen, by path (e.g. '/api/v3/klines'), or all of them. */
  requestCount(path?: string): number;
  /** The newest 100 000 REST requests, oldest first. */
  requests: LoggedRequest[];
  /** Weight used in the current one-minute window. */
  usedWeight(): number;
  /** Forgets requests, weight, bans, stream attempts and control messages. */
  resetCounters(): void;
  /** Applied to the next `times` requests to `path` (default 1). '/ws' and '/stream' fault WebSocket upgrades. */
  inject(path: string, fault: FaultSpec): void;
  /** Adds `ms` before every request to `path` ('*': every path without its own setting); 0 removes it. */
  setLatency(path: string, ms: number): void;
  /** Removes every injected fault and latency. */
  clearFaults(): void;
  /** The kline REST would return for this bar now (forming if it has not closed yet). */
  kline(symbol: string, interval: string, openTime: number): KlineRow;
  /** The bar's values once closed; for a live bar not closed yet, its values so far (the future is not decided). */
  finalKline(symbol: string, interval: string, openTime: number): KlineRow;
  orders: {
    /** Every order of every account, oldest first. */
    all(): SimOrder[];
    /** How many orders (any account) were placed with this client order id. */
    countByClientId(clientOrderId: string): number;
    /** Next POST /api/v3/order for this clientOrderId (or any) is executed but never answered (503 when `as503`). */
    executeButNoAnswer(opts?: TrapSpec): void;
    /** Next DELETE /api/v3/order of this order (its clientOrderId before the cancel, or any) cancels it but is never answered (503 when `as503`). */
    cancelButNoAnswer(opts?: TrapSpec): void;
    /** Queries for orders placed less than `ms` ago answer -2013 "Order does not exist.". */
    setInvisibleForMs(ms: number): void;
    /** Pins the symbol's market at `price`: it trades only there, fills takers the legacy way, resting orders it crosses fill. */
    setPrice(symbol: string, price: string): void;
    /** Lets the symbol's market follow its price path again. */
    clearPrice(symbol: string): void;
  };
  market: {
    /** Prints a trade: resting orders at or through `price` fill first (at their own price), the rest trades at `price`. */
    printTrade(symbol: string, price: string, qty: string, options?: PrintOptions): void;
    /** Stops the automatic tape and book of one symbol (or all): nothing trades unless printed. */
    pause(symbol?: string): void;
    /** Lets the automatic tape run again from now. */
    resume(symbol?: string): void;
    /** The best `depth` levels per side and the book's update id, as GET /api/v3/depth shows them. */
    book(symbol: string, depth?: number): { lastUpdateId: number; bids: Array<[string, string]>; asks: Array<[string, string]> };
    /** The last traded price (what ticker/price shows). */
    lastPrice(symbol: string): string;
  };
  accounts: {
    /** Opens another account (its own key, balances, orders and user data). */
    add(spec: AccountSpec): void;
    /** An account's balances (default account without a key), zero balances included. */
    balances(apiKey?: string): BalanceRow[];
    /** An account's orders, oldest first. */
    orders(apiKey?: string): SimOrder[];
    /** An account's trades (myTrades rows), oldest first. */
    trades(apiKey?: string): MyTrade[];
    /** Places an order "outside the gateway" with POST /api/v3/order's parameters; throws the BinanceError it would answer. */
    placeOrder(params: Record<string, string>, apiKey?: string): SimOrder;
    /** Cancels an open order outside the gateway; throws -2011 when it is not open. */
    cancelOrder(symbol: string, orderId: number, apiKey?: string): SimOrder;
    /** Credits (or, negative, debits) a free balance and sends balanceUpdate + outboundAccountPosition. */
    deposit(asset: string, amount: string, apiKey?: string): void;
  };
  userData: {
    /** Open WebSocket API connections. */
    connectionCount(): number;
    /** Active user data subscriptions over all connections. */
    subscriptionCount(): number;
    /** Terminates every WebSocket API connection (no close frame). */
    dropConnections(): void;
    /** While on, user data events are silently not delivered (the sockets stay open and answer requests). */
    stall(on: boolean): void;
    /** Sends `serverShutdown` on every WebSocket API connection. */
    announceShutdown(): void;
  };
  streams: {
    /** Open market stream connections. */
    connectionCount(): number;
    /** Market stream upgrade attempts (including refused ones). */
    connectionAttempts(): number;
    /** Subscribed stream names and their subscriber counts. */
    subscriptions(): Map<string, number>;
    /** Control messages (SUBSCRIBE, …) received, oldest first. */
    controlMessages: ControlMessage[];
    /** Pushes one kline event to `${symbol.toLowerCase()}@kline_${interval}` subscribers; `{ x: true }` sends the bar's final values. */
    emitKline(symbol: string, interval: string, overrides?: Partial<KlinePayload>): KlineEvent;
    /** Drops the next `count` diff-depth events of a symbol on every diff stream (clients must notice the gap). */
    injectDepthGap(symbol: string, count?: number): void;
    /** Terminates every market stream connection. */
    dropConnections(): void;
    /** While on, market streams send no data (connections stay open and answer pings). */
    stall(on: boolean): void;
    /** Sends `serverShutdown` on every market stream connection. */
    announceShutdown(): void;
  };
  close(): Promise<void>;
}
