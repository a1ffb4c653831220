/**
 * createGateway: one whole gateway from a config and its dependencies, with no side effects until
 * start(). Tests build several in one process against the fake exchange; main.ts builds one.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { ApiKeyRegistry } from './auth/api-key-registry.js';
import { corsPolicy } from './auth/cors-policy.js';
import { useApiKeyAuth } from './auth/use-api-key-auth.js';
import type { GatewayConfig } from './config/config.js';
import { BinanceClient } from './exchange/binance-client.js';
import { ExchangeInfoCache } from './exchange/exchange-info-cache.js';
import { CandleBlockFetcher } from './market-data/candle-block-fetcher.js';
import { createCandleBlockLoader, ParsedBlockCache } from './market-data/candle-block-loader.js';
import { chargeFields } from './rate-limit/charge-fields.js';
import { FieldRateLimiter } from './rate-limit/field-rate-limiter.js';
import { marketDataOverrides } from './rate-limit/market-data-limits.js';
import { useRequestLimits } from './rate-limit/use-request-limits.js';
import { schema } from './schema/schema.js';
import { CandleStreamService } from './streaming/candle-stream-service.js';
import { useCandleEventStream } from './streaming/use-candle-event-stream.js';
import { useSharedCandleResults } from './streaming/use-shared-candle-results.js';
import type { GatewayContext, GatewayServices } from './context.js';
import { graphiqlOptions } from './server/graphiql.js';
import { fromLoopback } from './server/loopback.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createCachedQueryHandler } from './server/cached-query-handler.js';
import { createMaskError } from './server/mask-error.js';
import { QueryResultCache } from './server/query-result-cache.js';
import { shutDownGracefully } from './server/graceful-shutdown.js';
import { InFlightRequests } from './server/in-flight-requests.js';
import { GatewayMetrics } from './observability/metrics.js';
import { OperationRecorder } from './server/operation-recorder.js';
import { createReadinessCheck } from './server/readiness.js';
import { SubscriptionTracker } from './server/subscription-tracker.js';
import { countUpstreamCall } from './observability/upstream-call-scope.js';
import { useChartPage } from './server/use-chart-page.js';
import { useMetricsEndpoint } from './server/use-metrics-endpoint.js';
import { useOperationLog } from './server/use-operation-log.js';
import { attachWebSocketTransport } from './server/websocket.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/store.js';
import { LiveOrderPlacer } from './trading/live-order-placer.js';
import { PaperTrading } from './trading/paper-trading.js';
import { PriceFeed } from './trading/price-feed.js';

export interface GatewayDeps {
  config: GatewayConfig;
  /** Defaults to the store REDIS_URL names (or the in-process one); a passed store is not closed by stop(). */
  store?: Store;
  logger?: Logger;
}

export interface Gateway {
  services: GatewayServices;
  /** The Yoga instance, for in-process requests (yoga.fetch). */
  yoga: ReturnType<typeof createYoga<Record<string, unknown>, GatewayContext>>;
  server: Server;
  /** Listens on config.host:config.port (0: a free port); resolves to the base URL. */
  start(): Promise<string>;
  /** Graceful and bounded (server/graceful-shutdown.ts); later calls return the same promise. */
  stop(): Promise<void>;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { config } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const ownsStore = !deps.store;
  const store = deps.store ?? createStore({ redisUrl: config.redisUrl, logger });
  const metrics = new GatewayMetrics({ exchangeWeight: () => exchange.weights.status(exchange.clock.now()) });
  const exchange = new BinanceClient({
    ...config.binance,
    store,
    logger: logger.child({ component: 'exchange' }),
    onCall: (event) => {
      metrics.recordUpstreamCall(event);
      countUpstreamCall();
    },
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
  const services: GatewayServices = {
    config,
    logger,
    store,
    exchange,
    exchangeInfo,
    candleFetcher,
    parsedBlocks,
    candleStreams: new CandleStreamService({
      config,
      store,
      exchange,
      fetcher: candleFetcher,
      parsedBlocks,
      logger,
      onUpstreamReconnect: () => metrics.upstreamReconnects.inc(),
    }),
    queryCache: new QueryResultCache(),
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
      exchange,
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
      overrides: marketDataOverrides(config.marketDataRateLimitPerMinute),
    }),
    metrics,
    onCandleCacheLookup: (hits, misses) => metrics.recordCandleCacheLookup(hits, misses),
  };
  const registry = new ApiKeyRegistry(config.apiKeys);
  const operations = new OperationRecorder(logger.child({ component: 'operation' }), metrics);
  const subscriptions = new SubscriptionTracker(metrics);
  metrics.watchUpstreamStreams({
    streams: () => services.candleStreams.manager.streamCount,
    connections: () => services.candleStreams.manager.connectionCount,
  });

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maxRequestBodySize: config.maxRequestBodyBytes,
    maskedErrors: { maskError: createMaskError(logger) },
    cors: corsPolicy(config.corsOrigins),
    graphiql: (_request, serverContext) =>
      graphiqlOptions({
        devApiKey: fromLoopback(serverContext) ? config.devApiKey : undefined,
        production: config.nodeEnv === 'production',
      }),
    // The bundled GraphiQL, so the IDE works offline and behind firewalls (Yoga's default loads it from a CDN).
    renderGraphiQL,
    logging: logger.child({ component: 'yoga' }),
    context: (): Omit<GatewayContext, 'viewer'> & { viewer: null } => ({
      requestId: randomUUID(),
      viewer: null,
      services,
      loaders: {
        candleBlocks: createCandleBlockLoader({
          store,
          fetcher: services.candleFetcher,
          parsed: services.parsedBlocks,
          logger,
          onCacheLookup: services.onCandleCacheLookup,
        }),
      },
      candleBudget: { requested: 0 },
    }),
    plugins: [
      useRequestLimits({ production: config.nodeEnv === 'production' }),
      useApiKeyAuth({ registry }),
      useDeferStream(),
      useSharedCandleResults(),
      useCandleEventStream(),
      useReadinessCheck({ endpoint: '/readyz', check: createReadinessCheck({ store, exchange, logger }) }),
      useMetricsEndpoint({ metrics }),
      useChartPage({ devApiKey: config.devApiKey, production: config.nodeEnv === 'production' }),
      useOperationLog({ recorder: operations, identify: (request) => identifyKey(registry, request) }),
      subscriptions.plugin(),
    ],
  });

  const server = createServer(
    createCachedQueryHandler({
      yoga,
      schema,
      registry,
      cache: services.queryCache,
      ttlMs: config.queryCacheTtlMs,
      charge: (viewer, fields) => chargeFields(services.rateLimiter, viewer, fields),
      onHit: (hit) =>
        operations.record({
          operation: hit.operationName,
          operationType: 'query',
          viewer: hit.viewer.id,
          transport: 'http',
          durationMs: hit.durationMs,
          errorCodes: [],
          upstreamCalls: 0,
          cached: true,
        }),
    }),
  );
  const inFlight = new InFlightRequests(server);
  const websocket = attachWebSocketTransport({ server, yoga, registry, logger, maxPayloadBytes: config.maxRequestBodyBytes });
  let stopping: Promise<void> | undefined;

  return {
    services,
    yoga,
    server,
    start: () =>
      new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          resolve(`http://${config.host}:${port}`);
        });
      }),
    stop: () =>
      (stopping ??= shutDownGracefully({
        server,
        inFlight,
        subscriptions,
        closeWebSockets: () => websocket.close(),
        timeoutMs: config.shutdownTimeoutMs,
        logger,
        resources: [
          { name: 'candle streams', close: () => services.candleStreams.close() },
          { name: 'exchange client', close: () => exchange.close() },
          ...(ownsStore ? [{ name: 'store', close: () => store.close() }] : []),
        ],
      })),
  };
}

/** The id of the API key a request presents, for log lines of requests that fail before execution. */
function identifyKey(registry: ApiKeyRegistry, request: Request): string | null {
  const key = request.headers.get('x-api-key');
  return key ? (registry.authenticate(key)?.id ?? null) : null;
}
