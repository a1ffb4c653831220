/**
 * Entry point of the simulator: `startFakeExchange(options)` starts a Binance-compatible exchange
 * on 127.0.0.1 (REST under /api/v3, market streams on /ws and /stream, the WebSocket API on
 * /ws-api/v3, test hooks under /__admin) and returns the levers tests, the demo and benchmarks
 * use. Nothing happens on import; the standalone command (main.ts) starts it through this too.
 *
 * Worth knowing when testing against it (see docs/simulator.md): history before the tape start is
 * generated, a pure function of (seed, symbol, interval, open time); from the tape start on, a
 * seeded market trades every 100 ms step and klines, tickers and the book are exactly what it did.
 * Freeze the clock (`clock.freeze()`) and everything stands still; `orders.setPrice` pins a
 * symbol's market at one price (legacy fills); `market.pause` + `market.printTrade` make a resting
 * order fill exactly when a test wants. Accounts start with generous balances.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Accounts } from './accounts.js';
import { adminRoutes } from './admin-routes.js';
import { accountRoutes } from './account-routes.js';
import { ExchangeClock } from './clock.js';
import { DepthFeed } from './depth-feed.js';
import { tradingLevers } from './exchange-levers.js';
import type { FakeExchange, FakeExchangeOptions } from './fake-exchange-types.js';
import { FaultBook } from './faults.js';
import { findInterval, type Interval } from './intervals.js';
import { KlineGenerator, toKlineRow, type KlineRow } from './kline-generator.js';
import { marketRoutes } from './market-routes.js';
import { MarketStreams } from './market-streams.js';
import { Markets } from './markets.js';
import { OrderDesk } from './order-desk.js';
import { OrderTraps } from './order-traps.js';
import { RequestLog } from './request-log.js';
import { createRestHandler } from './rest-server.js';
import type { ExchangeState } from './route.js';
import { defaultSymbols, listSymbols } from './symbols.js';
import { TickerFeed } from './ticker-feed.js';
import { tickerRoutes } from './ticker-routes.js';
import { TimerSet } from './timers.js';
import { tradeHistoryRoutes } from './trade-history-routes.js';
import { TradeFeed } from './trade-feed.js';
import { tradeRoutes } from './trade-routes.js';
import { WeightMeter } from './weight.js';
import { wsApiMethods } from './ws-api-methods.js';
import { WS_API_PATH, WsApiServer } from './ws-api-server.js';

export type { KlinePayload, KlineRow } from './kline-generator.js';
export type { SimFill, SimOrder } from './sim-order.js';
export type { SymbolSpec, SymbolStatus } from './symbols.js';
export type { FaultSpec } from './faults.js';
export type { AccountSpec, MyTrade } from './accounts.js';
export type { BalanceRow, FakeExchange, FakeExchangeOptions, PrintOptions } from './fake-exchange-types.js';

const DEFAULT_LISTING_TIME = Date.UTC(2017, 7, 17);
const MINUTE = 60_000;

export async function startFakeExchange(options: FakeExchangeOptions = {}): Promise<FakeExchange> {
  const symbols = listSymbols(options.symbols ?? defaultSymbols);
  const clock = new ExchangeClock(options.clockOffsetMs ?? 0);
  const listingTime = options.listingTime ?? DEFAULT_LISTING_TIME;
  const seed = options.seed ?? 1;
  const weightLimitPerMinute = options.weightLimitPerMinute ?? 6000;
  const pingIntervalMs = options.pingIntervalMs ?? 20_000;
  const pongTimeoutMs = options.pongTimeoutMs ?? 60_000;
  const timers = new TimerSet();
  const generator = new KlineGenerator(seed, listingTime);
  const tapeStart = options.tapeStartTime ?? Math.floor(clock.now() / MINUTE) * MINUTE - MINUTE;
  const markets = new Markets({ symbols, generator, clock, timers, tapeStart, tapeCapacity: options.tapeCapacity });
  const accounts = new Accounts(symbols, () => clock.now());
  const defaultAccount = { apiKey: options.apiKey ?? 'sim-api-key', apiSecret: options.apiSecret ?? 'sim-api-secret' };
  for (const spec of options.accounts ?? [options.ed25519PublicKeyPem ? { ...defaultAccount, ed25519PublicKeyPem: options.ed25519PublicKeyPem } : defaultAccount]) accounts.add(spec);
  const desk = new OrderDesk(markets, seed, () => clock.now());
  let depthFeed: DepthFeed | undefined;
  const state: ExchangeState = {
    symbols, clock, listingTime, weightLimitPerMinute, accounts, markets, desk,
    traps: new OrderTraps(), cancelTraps: new OrderTraps(), invisibleForMs: 0, depthGap: (symbol, count) => depthFeed?.injectGap(symbol, count),
  };
  const meter = new WeightMeter(clock, weightLimitPerMinute);
  const faults = new FaultBook();
  const log = new RequestLog();
  const hanging = new Set<ServerResponse>();
  const barOf = (symbol: { spec: { symbol: string } }, interval: Interval, openTime: number, asOf: number) =>
    markets.synced(symbol.spec.symbol).bars.bar(interval, openTime, asOf);
  const streams = new MarketStreams({
    clock, timers, faults,
    feeds: { symbols, clock, barOf, timers, listingTime, updateIntervalMs: options.streamUpdateIntervalMs ?? 2000 },
    moreFeeds: (publish) => {
      depthFeed = new DepthFeed(markets, clock, publish);
      return [new TradeFeed(markets, clock, publish), depthFeed, new TickerFeed(markets, clock, publish)];
    },
    pingIntervalMs, pongTimeoutMs,
  });
  const wsApi = new WsApiServer({
    methods: wsApiMethods({ accounts, clock, desk, state }), meter: new WeightMeter(clock, weightLimitPerMinute),
    timers, now: () => clock.now(), pingIntervalMs, pongTimeoutMs, hold: () => markets.need(),
  });

  const routes = [...marketRoutes(state), ...tickerRoutes(state), ...tradeHistoryRoutes(state), ...tradeRoutes(state), ...accountRoutes(state), ...adminRoutes(state)];
  const server = createServer({ keepAliveTimeout: 60_000 }, createRestHandler({ routes, clock, meter, faults, log, timers, hanging }));
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname === WS_API_PATH) wsApi.handleUpgrade(req, socket, head);
    else void streams.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const barRow = (symbolName: string, intervalName: string, openTime: number, asOf: (next: number) => number): KlineRow => {
    const interval = findInterval(intervalName);
    if (!symbols.has(symbolName)) throw new RangeError(`unknown symbol "${symbolName}"; listed: ${[...symbols.keys()].join(', ')}`);
    if (!interval) throw new RangeError(`unknown interval "${intervalName}"`);
    if (interval.floor(openTime) !== openTime) throw new RangeError(`${openTime} is not an open time of ${intervalName} bars`);
    return toKlineRow(markets.synced(symbolName).bars.bar(interval, openTime, asOf(interval.next(openTime))));
  };

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    wsApiUrl: `ws://127.0.0.1:${port}${WS_API_PATH}`,
    apiKey: accounts.first.apiKey,
    apiSecret: accounts.first.credentials.apiSecret,
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
    ...tradingLevers({ state, markets, accounts, desk }),
    userData: {
      connectionCount: () => wsApi.connectionCount(),
      subscriptionCount: () => wsApi.subscriptionCount(),
      dropConnections: () => wsApi.dropConnections(),
      stall: (on) => wsApi.stall(on),
      announceShutdown: () => wsApi.announceShutdown(),
    },
    streams: {
      connectionCount: () => streams.connectionCount(),
      connectionAttempts: () => streams.connectionAttempts(),
      subscriptions: () => streams.subscriptions(),
      controlMessages: streams.controlMessages,
      emitKline: (symbol, interval, overrides) => streams.emitKline(symbol, interval, overrides),
      injectDepthGap: (symbol, count = 1) => {
        if (!symbols.has(symbol)) throw new RangeError(`injectDepthGap: unknown symbol "${symbol}"`);
        depthFeed?.injectGap(symbol, count);
      },
      dropConnections: () => streams.dropConnections(),
      stall: (on) => streams.stall(on),
      announceShutdown: () => streams.announceShutdown(),
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        timers.clear();
        streams.close();
        wsApi.close();
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
