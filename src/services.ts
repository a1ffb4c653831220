/**
 * Builds one gateway's long-lived services (context.ts) from its configuration, store and logger:
 * the exchange client, caches, streams, trading and the rate limiter, wired to each other and to
 * the metrics. No side effects beyond constructing them; app.ts starts and stops them.
 */
import { KeyDirectory } from './auth/key-directory.js';
import type { GatewayConfig } from './config/config.js';
import { CredentialVault } from './credentials/credential-vault.js';
import { ExchangeAccounts } from './credentials/exchange-accounts.js';
import type { GatewayServices } from './context.js';
import { BinanceClient } from './exchange/binance-client.js';
import { endpointPaths } from './exchange/endpoints.js';
import { ExchangeInfoCache } from './exchange/exchange-info-cache.js';
import { CandleBlockFetcher } from './market-data/candle-block-fetcher.js';
import { ParsedBlockCache } from './market-data/candle-block-loader.js';
import { marketDataBudget } from './market-data/market-data-rate-limit.js';
import type { Logger } from './observability/logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import { countUpstreamCall } from './observability/upstream-call-scope.js';
import { FieldRateLimiter } from './rate-limit/field-rate-limiter.js';
import { errorCodes, executorErrorCodes } from './schema/errors.js';
import type { Store } from './store/store.js';
import { CandleStreamService } from './streaming/candle-stream-service.js';
import { LiveOrderPlacer } from './trading/live-order-placer.js';
import { orderStatuses } from './trading/order.js';
import { PaperTrading } from './trading/paper-trading.js';
import { PriceFeed } from './trading/price-feed.js';

export function createServices(config: GatewayConfig, store: Store, logger: Logger): GatewayServices {
  const metrics = new GatewayMetrics({
    outcomes: [...errorCodes, ...executorErrorCodes, ...orderStatuses],
    endpoints: endpointPaths,
    exchangeWeight: () => exchange.weights.status(exchange.clock.now()),
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
  const exchangeInfo = new ExchangeInfoCache(() => exchange.exchangeInfo(), logger);
  const prices = new PriceFeed({ fetchPrice: (symbol) => exchange.tickerPrice(symbol), maxAgeMs: config.tradingPriceMaxAgeMs });
  const candleFetcher = new CandleBlockFetcher({
    exchange,
    store,
    logger,
    closedTtlMs: config.closedCandleTtlMs,
    formingTtlMs: config.formingCandleTtlMs,
  });
  const parsedBlocks = new ParsedBlockCache();
  const candleStreams = new CandleStreamService({
    settings: {
      ...config.streaming,
      wsUrl: config.binance.wsUrl,
      closedCandleTtlMs: config.closedCandleTtlMs,
      formingCandleTtlMs: config.formingCandleTtlMs,
    },
    store,
    exchange,
    fetcher: candleFetcher,
    parsedBlocks,
    logger,
    onUpstreamReconnect: () => metrics.upstreamReconnects.inc(),
  });
  metrics.watchUpstreamStreams({
    streams: () => candleStreams.manager.streamCount,
    connections: () => candleStreams.manager.connectionCount,
  });
  return {
    store,
    keys: new KeyDirectory({ envKeys: config.apiKeys, store, logger }),
    exchange,
    exchangeAccounts,
    exchangeInfo,
    candleFetcher,
    parsedBlocks,
    candleStreams,
    prices,
    paperTrading: new PaperTrading({
      store,
      exchangeInfo,
      prices,
      startingBalances: config.paperBalances,
      commissionRate: config.paperCommissionRate,
    }),
    liveOrders: new LiveOrderPlacer({
      store,
      accounts: exchangeAccounts,
      exchangeInfo,
      prices,
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
