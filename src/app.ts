/**
 * createGateway: one whole gateway from a config and its dependencies, with no side effects until
 * start(). Tests build several in one process against the fake exchange; main.ts builds one.
 * Services (services.ts) are what resolvers get; the HTTP edge (server/) is wired around them here.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { authenticate } from './auth/authentication.js';
import { corsPolicy } from './auth/cors-policy.js';
import { apiKeyFromHeaders } from './auth/presented-api-key.js';
import { useApiKeyAuth } from './auth/use-api-key-auth.js';
import type { GatewayConfig } from './config/config.js';
import type { GatewayContext, GatewayServices } from './context.js';
import { createCandleBlockLoader } from './market-data/candle-block-loader.js';
import { createMarketDataLoaders } from './market-data/market-data-loaders.js';
import { createLogger, type Logger } from './observability/logger.js';
import { useRequestLimits } from './rate-limit/use-request-limits.js';
import { schema } from './schema/schema.js';
import { createFrontDoor, type DoorContext } from './server/front-door.js';
import { shutDownGracefully } from './server/graceful-shutdown.js';
import { createSseSubscriptions } from './server/sse-subscriptions.js';
import { graphiqlOptions } from './server/graphiql.js';
import { InFlightRequests } from './server/in-flight-requests.js';
import { fromLoopback } from './server/loopback.js';
import { createMaskError } from './server/mask-error.js';
import { OperationRecorder } from './server/operation-recorder.js';
import { OperationShapes } from './server/operation-shapes.js';
import { QueryResultCache } from './server/query-result-cache.js';
import { createReadinessCheck } from './server/readiness.js';
import { SubscriptionTracker } from './server/subscription-tracker.js';
import { useBatchedStreamItems } from './server/use-batched-stream-items.js';
import { useChartPage } from './server/use-chart-page.js';
import { useMetricsEndpoint } from './server/use-metrics-endpoint.js';
import { useOperationLog } from './server/use-operation-log.js';
import { useOperationShapes } from './server/use-operation-shapes.js';
import { useEventStream } from './server/use-event-stream.js';
import { useQueryCacheFill } from './server/use-query-cache-fill.js';
import { attachWebSocketTransport } from './server/websocket.js';
import { createServices } from './services.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/store.js';
import { useSharedCandleResults } from './streaming/use-shared-candle-results.js';

export interface GatewayDeps {
  config: GatewayConfig;
  /** Defaults to the store REDIS_URL names (or the in-process one); a passed store is not closed by stop(). */
  store?: Store;
  logger?: Logger;
}

export interface Gateway {
  services: GatewayServices;
  /** Serialized results the front door answers cached queries from. */
  queryCache: QueryResultCache;
  /** The Yoga instance, for in-process requests (yoga.fetch). */
  yoga: ReturnType<typeof createYoga<DoorContext, GatewayContext>>;
  server: Server;
  /** Listens on config.host:config.port (0: a free port); resolves to the base URL. */
  start(): Promise<string>;
  /** Graceful and bounded (server/graceful-shutdown.ts); later calls return the same promise. */
  stop(): Promise<void>;
}

/** The loaders of one request, built when a resolver first reads one. */
function lazyLoaders(build: () => GatewayContext['loaders']): GatewayContext['loaders'] {
  let built: GatewayContext['loaders'] | undefined;
  const loaders = () => (built ??= build());
  return {
    get candleBlocks() {
      return loaders().candleBlocks;
    },
    get tickers() {
      return loaders().tickers;
    },
    get orderBooks() {
      return loaders().orderBooks;
    },
    get trades() {
      return loaders().trades;
    },
  };
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { config } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const ownsStore = !deps.store;
  const store = deps.store ?? createStore({ redis: config.redis, logger });
  const services = createServices(config, store, logger);
  const { exchange, metrics } = services;
  const { keys } = services;
  const operations = new OperationRecorder(logger.child({ component: 'operation' }), metrics);
  const subscriptions = new SubscriptionTracker(metrics, { keyIsActive: (keyId) => keys.isActive(keyId) });
  const queryCache = new QueryResultCache({ ttlMs: config.queryCacheTtlMs });
  const shapes = new OperationShapes();

  const yoga = createYoga<DoorContext, GatewayContext>({
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
    // The viewer is filled in by useApiKeyAuth, which runs after this factory.
    context: (): GatewayContext => ({
      requestId: randomUUID(),
      viewer: null,
      services,
      // Made on first use: most operations (subscriptions, trades) never read a candle block, and a
      // DataLoader per open subscription is memory held for nothing.
      loaders: lazyLoaders(() => ({
        candleBlocks: createCandleBlockLoader({
          store,
          fetcher: services.candleFetcher,
          parsed: services.parsedBlocks,
          logger,
          onCacheLookup: (hits, misses) => metrics.recordCandleCacheLookup(hits, misses),
        }),
        ...createMarketDataLoaders(services.marketSnapshots),
      })),
      candleBudget: { requested: 0 },
    }),
    plugins: [
      useRequestLimits({ production: config.nodeEnv === 'production', introspection: config.introspection }),
      useApiKeyAuth({ keys }),
      useDeferStream(),
      ...(config.streamItemsBatched ? [useBatchedStreamItems()] : []),
      useSharedCandleResults(),
      useEventStream(),
      useQueryCacheFill({ cache: queryCache }),
      useOperationShapes({ shapes }),
      useReadinessCheck({ endpoint: '/readyz', check: createReadinessCheck({ store, exchange, logger }) }),
      useMetricsEndpoint({ metrics }),
      useChartPage({ devApiKey: config.devApiKey, production: config.nodeEnv === 'production' }),
      useOperationLog({ recorder: operations }),
      subscriptions.plugin(),
    ],
  });

  const serveSseSubscription = createSseSubscriptions({ yoga, logger });
  const server = createServer(
    createFrontDoor({
      yoga: (request, response, context) => yoga(request, response, context),
      authenticate: (request) => authenticate(keys, apiKeyFromHeaders(request.headers)),
      cache: queryCache,
      shapes,
      // Through services, so that a limiter put in its place later (the benchmarks do) is the one used.
      limiter: { charge: (call) => services.rateLimiter.charge(call), knownSpent: (call) => services.rateLimiter.knownSpent(call) },
      logger,
      serveSubscription: (request, response, body, authentication) => serveSseSubscription(request, response, body, authentication),
      onAnswered: (answer) =>
        operations.record({
          operation: answer.operationName,
          operationType: answer.operationType,
          viewer: answer.viewer?.id ?? null,
          transport: 'http',
          durationMs: answer.durationMs,
          errorCodes: answer.errorCodes,
          upstreamCalls: 0,
          cached: answer.cached,
          door: true,
        }),
    }),
  );
  const inFlight = new InFlightRequests(server);
  const websocket = attachWebSocketTransport({
    server,
    yoga,
    authenticate: (presentedKey) => authenticate(keys, presentedKey),
    logger,
    maxPayloadBytes: config.maxRequestBodyBytes,
    keyIsActive: (keyId) => keys.isActive(keyId),
  });
  let stopping: Promise<void> | undefined;

  return {
    services,
    queryCache,
    yoga,
    server,
    start: async () => {
      await keys.start();
      // Before the engines take locks and open exchange streams that a refused start would leave behind.
      if (config.nodeEnv === 'production' && keys.activeCount === 0) {
        await keys.stop();
        throw new Error('No API keys: set API_KEYS, or create one in the store with `npm run apikey -- create` (NODE_ENV=production).');
      }
      await services.paperEngine.start();
      await services.liveUserData.start();
      return new Promise<string>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          resolve(`http://${config.host}:${port}`);
        });
      });
    },
    stop: () =>
      (stopping ??= shutDownGracefully({
        server,
        inFlight,
        subscriptions,
        closeWebSockets: () => websocket.close(),
        timeoutMs: config.shutdownTimeoutMs,
        logger,
        resources: [
          { name: 'paper matching', close: () => services.paperEngine.close() },
          { name: 'user data streams', close: () => services.liveUserData.close() },
          { name: 'order updates', close: () => services.orderUpdates.close() },
          { name: 'paper quotes', close: () => services.paperQuotes.close() },
          { name: 'candle streams', close: () => services.candleStreams.close() },
          { name: 'api keys', close: () => keys.stop() },
          { name: 'market subscriptions', close: () => services.marketSubscriptions.close() },
          { name: 'market feeds', close: () => services.localFeeds.close() },
          { name: 'market streams', close: () => services.marketStreams.close() },
          { name: 'exchange client', close: () => exchange.close() },
          ...(ownsStore ? [{ name: 'store', close: () => store.close() }] : []),
        ],
      })),
  };
}
