/**
 * Entry point of the simulator: `startFakeExchange(options)` starts a Binance-compatible fake
 * exchange on 127.0.0.1 (REST under /api/v3 and market streams on the same port) and returns the
 * levers tests, the demo and benchmarks use. Nothing happens on import.
 *
 * Worth knowing when testing against it: klines are a pure function of (seed, symbol, interval,
 * open time) and of the exchange clock for the forming bar, so freeze the clock (`clock.freeze()`)
 * to compare values; bars close on the exchange clock (real time, or `clock.advance`); the live
 * price (ticker, fills) equals the forming bar's close unless pinned with `orders.setPrice`; the
 * account has no balances, so orders never fail for lack of funds.
 */
import { createPublicKey } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExchangeClock, type ExchangeClockControls } from './clock.js';
import { Dec, DECIMAL_PATTERN } from './decimals.js';
import { FaultBook, type FaultSpec } from './faults.js';
import { findInterval } from './intervals.js';
import { KlineGenerator, toKlineRow, type KlinePayload, type KlineRow } from './kline-generator.js';
import type { KlineEvent } from './kline-feed.js';
import { LivePrices } from './live-prices.js';
import { marketRoutes } from './market-routes.js';
import { MarketStreams, type ControlMessage } from './market-streams.js';
import { OrderTraps, type TrapSpec } from './order-traps.js';
import { MatchingEngine, type SimOrder } from './orders.js';
import { RequestLog, type LoggedRequest } from './request-log.js';
import { createRestHandler } from './rest-server.js';
import type { ExchangeState } from './route.js';
import type { Credentials } from './signature.js';
import { defaultSymbols, listSymbols, type ListedSymbol, type SymbolSpec } from './symbols.js';
import { TimerSet } from './timers.js';
import { tradeRoutes } from './trade-routes.js';
import { WeightMeter } from './weight.js';

export type { KlinePayload, KlineRow } from './kline-generator.js';
export type { SimFill, SimOrder } from './orders.js';
export type { SymbolSpec, SymbolStatus } from './symbols.js';
export type { FaultSpec } from './faults.js';

export interface FakeExchangeOptions {
  /** @default 0 (a free port); the host is always 127.0.0.1 */
  port?: number;
  /** @default BTCUSDT (~64000), ETHUSDT (~3200), BNBBTC (~0.009) trading and LUNAUSDT in BREAK */
  symbols?: SymbolSpec[];
  /** @default 'sim-api-key' */
  apiKey?: string;
  /** HMAC secret. @default 'sim-api-secret' */
  apiSecret?: string;
  /** When set, apiKey's signatures are verified as Ed25519 (base64) instead of HMAC (hex). */
  ed25519PublicKeyPem?: string;
  /**
   * More exchange accounts besides the default one, each with its own credentials; an order belongs
   * to the account whose key signed it. @default none
   */
  accounts?: SimAccount[];
  /** The exchange clock = Date.now() + offset (+ whatever advance() added). @default 0 */
  clockOffsetMs?: number;
  /** Reported in exchangeInfo.rateLimits (REQUEST_WEIGHT, MINUTE, 1) and enforced. @default 6000 */
  weightLimitPerMinute?: number;
  /** No klines before the bar containing this time (ms). @default 2017-08-17T00:00:00Z */
  listingTime?: number;
  /** How often each subscribed kline stream pushes its forming bar; 0 = only manual pushes. @default 2000 */
  streamUpdateIntervalMs?: number;
  /** @default 20000 */
  pingIntervalMs?: number;
  /** @default 60000 */
  pongTimeoutMs?: number;
  /** Salt of every generated price, volume and id. @default 1 */
  seed?: number;
}

/** An exchange account of the simulator: HMAC (apiSecret) or Ed25519 (ed25519PublicKeyPem). */
export interface SimAccount {
  apiKey: string;
  apiSecret?: string;
  ed25519PublicKeyPem?: string;
  /** What GET /api/v3/account says. @default true */
  canTrade?: boolean;
}

export interface FakeExchange {
  /** http://127.0.0.1:PORT (REST root: `${url}/api/v3/...`). */
  url: string;
  /** ws://127.0.0.1:PORT (`${wsUrl}/stream` or `${wsUrl}/ws`). */
  wsUrl: string;
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
  /** The bar's values once closed, whatever the time now. */
  finalKline(symbol: string, interval: string, openTime: number): KlineRow;
  orders: {
    all(): SimOrder[];
    countByClientId(clientOrderId: string): number;
    /** Next POST /api/v3/order for this clientOrderId (or any) is executed but never answered (503 when `as503`). */
    executeButNoAnswer(opts?: TrapSpec): void;
    /** Queries for orders placed less than `ms` ago answer -2013 "Order does not exist.". */
    setInvisibleForMs(ms: number): void;
    /** Pins the live price used for fills, ticker/price and avgPrice (klines are not affected). */
    setPrice(symbol: string, price: string): void;
    /** Lets the live price follow the generated path again. */
    clearPrice(symbol: string): void;
  };
  streams: {
    connectionCount(): number;
    connectionAttempts(): number;
    subscriptions(): Map<string, number>;
    controlMessages: ControlMessage[];
    /** Pushes one kline event to `${symbol.toLowerCase()}@kline_${interval}` subscribers; `{ x: true }` sends the bar's final values. */
    emitKline(symbol: string, interval: string, overrides?: Partial<KlinePayload>): KlineEvent;
    dropConnections(): void;
    stall(on: boolean): void;
    announceShutdown(): void;
  };
  close(): Promise<void>;
}

const DEFAULT_LISTING_TIME = Date.UTC(2017, 7, 17);

export async function startFakeExchange(options: FakeExchangeOptions = {}): Promise<FakeExchange> {
  const symbols = listSymbols(options.symbols ?? defaultSymbols);
  const clock = new ExchangeClock(options.clockOffsetMs ?? 0);
  const listingTime = options.listingTime ?? DEFAULT_LISTING_TIME;
  const seed = options.seed ?? 1;
  const weightLimitPerMinute = options.weightLimitPerMinute ?? 6000;
  const timers = new TimerSet();
  const generator = new KlineGenerator(seed, listingTime);
  const prices = new LivePrices(generator, clock);
  const engine = new MatchingEngine(symbols, (symbol) => prices.get(symbol), seed);
  const credentials: Credentials = { apiKey: options.apiKey ?? 'sim-api-key', apiSecret: options.apiSecret ?? 'sim-api-secret' };
  if (options.ed25519PublicKeyPem) credentials.ed25519PublicKey = createPublicKey(options.ed25519PublicKeyPem);
  const accounts = new Map<string, Credentials>([[credentials.apiKey, credentials]]);
  for (const account of options.accounts ?? []) {
    accounts.set(account.apiKey, {
      apiKey: account.apiKey,
      apiSecret: account.apiSecret ?? '',
      canTrade: account.canTrade,
      ...(account.ed25519PublicKeyPem && { ed25519PublicKey: createPublicKey(account.ed25519PublicKeyPem) }),
    });
  }
  const state: ExchangeState = {
    symbols, clock, generator, listingTime, weightLimitPerMinute, credentials, accounts, engine, prices,
    traps: new OrderTraps(), invisibleForMs: 0,
  };
  const meter = new WeightMeter(clock, weightLimitPerMinute);
  const faults = new FaultBook();
  const log = new RequestLog();
  const hanging = new Set<ServerResponse>();
  const streams = new MarketStreams({
    clock, timers, faults,
    feeds: { symbols, clock, generator, timers, listingTime, updateIntervalMs: options.streamUpdateIntervalMs ?? 2000 },
    pingIntervalMs: options.pingIntervalMs ?? 20_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 60_000,
  });

  const server = createServer(
    { keepAliveTimeout: 60_000 },
    createRestHandler({ routes: [...marketRoutes(state), ...tradeRoutes(state)], clock, meter, faults, log, timers, hanging }),
  );
  server.on('upgrade', (req, socket, head) => void streams.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const listed = (name: string): ListedSymbol => {
    const symbol = symbols.get(name);
    if (!symbol) throw new RangeError(`unknown symbol "${name}"; listed: ${[...symbols.keys()].join(', ')}`);
    return symbol;
  };
  const barRow = (symbolName: string, intervalName: string, openTime: number, asOf: (next: number) => number): KlineRow => {
    const symbol = listed(symbolName);
    const interval = findInterval(intervalName);
    if (!interval) throw new RangeError(`unknown interval "${intervalName}"`);
    if (interval.floor(openTime) !== openTime) throw new RangeError(`${openTime} is not an open time of ${intervalName} bars`);
    return toKlineRow(generator.bar(symbol, interval, openTime, asOf(interval.next(openTime))));
  };

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    clock,
    requestCount: (path) => log.count(path),
    requests: log.entries,
    usedWeight: () => meter.used(),
    resetCounters: () => {
      log.reset();
      meter.reset();
      streams.resetCounters();
    },
    inject: (path, fault) => faults.inject(path, fault),
    setLatency: (path, ms) => faults.setLatency(path, ms),
    clearFaults: () => faults.clear(),
    kline: (symbol, interval, openTime) => barRow(symbol, interval, openTime, () => clock.now()),
    finalKline: (symbol, interval, openTime) => barRow(symbol, interval, openTime, (next) => next),
    orders: {
      all: () => engine.all(clock.now()),
      countByClientId: (id) => engine.all(clock.now()).filter((o) => o.clientOrderId === id).length,
      executeButNoAnswer: (opts) => state.traps.add(opts),
      setInvisibleForMs: (ms) => {
        state.invisibleForMs = ms;
      },
      setPrice: (symbol, price) => {
        if (!DECIMAL_PATTERN.test(price)) throw new RangeError(`setPrice expects a decimal string, received "${price}"`);
        prices.pin(listed(symbol).spec.symbol, new Dec(price));
        engine.sweep(clock.now());
      },
      clearPrice: (symbol) => prices.unpin(listed(symbol).spec.symbol),
    },
    streams: {
      connectionCount: () => streams.connectionCount(),
      connectionAttempts: () => streams.connectionAttempts(),
      subscriptions: () => streams.subscriptions(),
      controlMessages: streams.controlMessages,
      emitKline: (symbol, interval, overrides) => streams.emitKline(symbol, interval, overrides),
      dropConnections: () => streams.dropConnections(),
      stall: (on) => streams.stall(on),
      announceShutdown: () => streams.announceShutdown(),
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        timers.clear();
        streams.close();
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
