/**
 * Builds one gateway's long-lived services (context.ts) from its configuration, store and logger:
 * the exchange client, caches, streams, trading and the rate limiter, wired to each other and to
 * the metrics. No side effects beyond constructing them; app.ts starts and stops them.
 */
import { randomUUID } from 'node:crypto';
import { KeyDirectory } from './auth/key-directory.js';
import type { GatewayConfig } from './config/config.js';
import { CredentialVault } from './credentials/credential-vault.js';
import { ExchangeAccounts } from './credentials/exchange-accounts.js';
import type { GatewayServices } from './context.js';
import { BinanceClient } from './exchange/binance-client.js';
import { endpointPaths } from './exchange/endpoints.js';
import { ExchangeInfoCache } from './exchange/exchange-info-cache.js';
import { MarketDataClient } from './exchange/market-data-client.js';
import { MarketStreamManager } from './exchange/market-stream-manager.js';
import { CandleBlockFetcher } from './market-data/candle-block-fetcher.js';
import { ParsedBlockCache } from './market-data/candle-block-loader.js';
import { marketDataBudget } from './market-data/market-data-rate-limit.js';
import { MarketSnapshots } from './market-data/market-snapshots.js';
import type { Logger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { countUpstreamCall } from './observability/upstream-call-scope.js';
import { FieldRateLimiter } from './rate-limit/field-rate-limiter.js';
import { errorCodes, executorErrorCodes } from './schema/errors.js';
import type { Store } from './store/store.js';
import { CandleStreamService } from './streaming/candle-stream-service.js';
import { LocalFeeds } from './streaming/local-feeds.js';
import { MarketFeedsService } from './streaming/market-feeds.js';
import { MarketSubscriptions } from './streaming/market-subscriptions.js';
import { bookTopOf } from './market-data/book-top.js';
import { tradeFromRow } from './market-data/trade.js';
import { LiveOrderIndex } from './trading/live-order-index.js';
import { LiveOrderPlacer } from './trading/live-order-placer.js';
import { LiveOrderSync } from './trading/live-order-sync.js';
import { LiveOrders } from './trading/live-orders.js';
import { LiveUserData } from './trading/live-user-data.js';
import { orderStatuses } from './trading/order.js';
import { OrderUpdatesService } from './trading/order-updates-service.js';
import { PaperEngine } from './trading/paper-engine.js';
import { PaperQuotes } from './trading/paper-quotes.js';
import { PaperRestingIndex } from './trading/paper-resting-index.js';
import { PaperTrading } from './trading/paper-trading.js';
import { PriceFeed } from './trading/price-feed.js';

export function createServices(config: GatewayConfig, store: Store, logger: Logger): GatewayServices {
  const metrics = new GatewayMetrics({
    outcomes: [...errorCodes, ...executorErrorCodes, ...orderStatuses],
    endpoints: endpointPaths,
    exchangeWeight: () => exchange.weights.status(exchange.clock.now()),
    exchangeCircuit: () => exchange.breaker.status,
  });
  const exchange = new BinanceClient({
    ...config.binance,
    store,
    logger: logger.child({ component: 'exchange' }),
    onCall: (event) => {
      metrics.recordUpstreamCall(event);
      countUpstreamCall();
    },
  });
  const exchangeAccounts = new ExchangeAccounts({
    exchange,
    vault: new CredentialVault(store, config.credentialsKeys, logger.child({ component: 'credentials' })),
    gatewayApiKey: config.binance.apiKey,
  });
  const marketData = new MarketDataClient(exchange);
  const exchangeInfo = new ExchangeInfoCache(() => exchange.exchangeInfo(), logger);
  const prices = new PriceFeed({ fetchPrice: (symbol) => exchange.tickerPrice(symbol), maxAgeMs: config.tradingPriceMaxAgeMs });
  const averagePrices = new PriceFeed({ fetchPrice: (symbol) => marketData.avgPrice(symbol), maxAgeMs: Math.max(config.tradingPriceMaxAgeMs, 1000) });
  const candleFetcher = new CandleBlockFetcher({
    exchange,
    store,
    logger,
    closedTtlMs: config.closedCandleTtlMs,
    formingTtlMs: config.formingCandleTtlMs,
  });
  const parsedBlocks = new ParsedBlockCache();
  const { streaming } = config;
  const marketStreams = new MarketStreamManager({
    wsUrl: config.binance.wsUrl,
    store,
    logger: logger.child({ component: 'market-stream' }),
    watchdogMs: streaming.watchdogMs,
    maxConnectionAgeMs: streaming.maxConnectionAgeMs,
    reconnectBaseMs: streaming.reconnectBaseMs,
    reconnectMaxMs: streaming.reconnectMaxMs,
    onReconnect: () => metrics.upstreamReconnects.inc(),
  });
  // This instance's name in the locks that elect who holds each upstream stream.
  const instanceId = randomUUID();
  const candleStreams = new CandleStreamService({
    instanceId,
    settings: {
      ...streaming,
      closedCandleTtlMs: config.closedCandleTtlMs,
      formingCandleTtlMs: config.formingCandleTtlMs,
    },
    store,
    exchange,
    manager: marketStreams,
    fetcher: candleFetcher,
    parsedBlocks,
    logger,
  });
  const localFeeds = new LocalFeeds({ manager: marketStreams, exchange: marketData, logger, graceMs: streaming.graceMs });
  const marketSnapshots: MarketSnapshots = new MarketSnapshots({
    exchange: marketData,
    live: {
      book: (symbol) => marketSubscriptions.liveBook(symbol),
      ticker: (symbol) => marketSubscriptions.liveTicker(symbol),
      recentTrades: (symbol, limit) => localFeeds.heldTrades(symbol)?.recentTrades(limit),
    },
  });
  const marketSubscriptions = new MarketSubscriptions({
    store,
    instanceId,
    settings: streaming,
    feeds: localFeeds,
    exchange: marketData,
    snapshots: marketSnapshots,
    logger,
  });
  const marketFeeds = new MarketFeedsService({
    feeds: localFeeds,
    exchange: marketData,
    logger: logger.child({ component: 'market-feeds' }),
    liveBookTops: (symbol) => bookTopOf(symbol, marketSubscriptions.liveBook(symbol), exchange.clock.now()),
  });
  const orderUpdates = new OrderUpdatesService({
    store,
    logger: logger.child({ component: 'order-updates' }),
    graceMs: streaming.graceMs,
    maxPending: streaming.maxPendingClosed,
  });
  const paperQuotes = new PaperQuotes({ feeds: marketFeeds });
  const restingIndex = new PaperRestingIndex({ store, logger });
  const paperTrading = new PaperTrading({
    store,
    exchangeInfo,
    prices,
    averagePrices,
    quotes: paperQuotes,
    index: restingIndex,
    publish: (keyId, updates) => orderUpdates.publish('PAPER', keyId, updates),
    placedAt: () => exchange.clock.now() - exchange.clock.uncertaintyMs,
    startingBalances: config.paperBalances,
    commissionRate: config.paperCommissionRate,
  });
  const paperEngine = new PaperEngine({
    index: restingIndex,
    trading: paperTrading,
    feeds: marketFeeds,
    recentTrades: async (symbol, limit) => (await marketData.recentTrades(symbol, limit)).map(tradeFromRow),
    store,
    instanceId,
    lockTtlMs: streaming.lockTtlMs,
    graceMs: streaming.graceMs,
    logger,
  });
  const liveIndex = new LiveOrderIndex(store);
  const liveSync = new LiveOrderSync({ store, index: liveIndex, publish: (keyId, updates) => orderUpdates.publish('LIVE', keyId, updates), logger });
  const liveUserData = new LiveUserData({
    store,
    accounts: exchangeAccounts,
    sync: liveSync,
    index: liveIndex,
    wsApiUrl: config.binance.wsApiUrl,
    instanceId,
    lockTtlMs: streaming.lockTtlMs,
    graceMs: streaming.graceMs,
    reconnectBaseMs: streaming.reconnectBaseMs,
    reconnectMaxMs: streaming.reconnectMaxMs,
    maxConnectionAgeMs: streaming.maxConnectionAgeMs,
    logger,
  });
  metrics.watchUpstreamStreams({
    streams: () => marketStreams.streamCount,
    connections: () => marketStreams.connectionCount,
  });
  return {
    store,
    keys: new KeyDirectory({ envKeys: config.apiKeys, store, logger }),
    exchange,
    exchangeAccounts,
    exchangeInfo,
    candleFetcher,
    marketSnapshots,
    parsedBlocks,
    marketStreams,
    candleStreams,
    localFeeds,
    marketSubscriptions,
    marketFeeds,
    paperTrading,
    paperEngine,
    paperQuotes,
    orderUpdates,
    liveTradingEnabled: config.liveTrading,
    liveOrderBook: new LiveOrders({
      store,
      accounts: exchangeAccounts,
      index: liveIndex,
      sync: liveSync,
      reconcileTimeoutMs: config.liveOrders.reconcileTimeoutMs,
      reconcileIntervalMs: config.liveOrders.reconcileIntervalMs,
    }),
    liveUserData,
    liveOrders: new LiveOrderPlacer({
      store,
      index: liveIndex,
      userData: liveUserData,
      accounts: exchangeAccounts,
      exchangeInfo,
      prices,
      averagePrices,
      logger: logger.child({ component: 'live-orders' }),
      settings: {
        enabled: config.liveTrading,
        recvWindowMs: config.binance.recvWindowMs,
        callBudgetMs: config.binance.totalTimeoutMs,
        ...config.liveOrders,
      },
    }),
    rateLimiter: new FieldRateLimiter({
      store,
      logger,
      budgets: { [marketDataBudget]: { max: config.marketDataRateLimitPerMinute, window: '1m' } },
    }),
    metrics,
  };
}
