/**
 * createGateway: one whole gateway from a config and its dependencies, with no side effects until
 * start(). Tests build several in one process against the fake exchange; main.ts builds one.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { ApiKeyRegistry } from './auth/api-key-registry.js';
import { useApiKeyAuth } from './auth/use-api-key-auth.js';
import type { GatewayConfig } from './config/config.js';
import { BinanceClient } from './exchange/binance-client.js';
import { ExchangeInfoCache } from './exchange/exchange-info-cache.js';
import { CandleBlockFetcher } from './market-data/candle-block-fetcher.js';
import { createCandleBlockLoader, ParsedBlockCache } from './market-data/candle-block-loader.js';
import { FieldRateLimiter } from './rate-limit/field-rate-limiter.js';
import { marketDataOverrides } from './rate-limit/market-data-limits.js';
import { useRequestLimits } from './rate-limit/use-request-limits.js';
import { schema } from './schema/schema.js';
import type { GatewayContext, GatewayServices } from './server/context.js';
import { graphiqlOptions } from './server/graphiql.js';
import { createLogger, type Logger } from './server/logger.js';
import { createMaskError } from './server/mask-error.js';
import { createReadinessCheck } from './server/readiness.js';
import { attachWebSocketTransport } from './server/websocket.js';
import { createStore } from './store/create-store.js';
import type { Store } from './store/store.js';

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
  stop(): Promise<void>;
}

export function createGateway(deps: GatewayDeps): Gateway {
  const { config } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const ownsStore = !deps.store;
  const store = deps.store ?? createStore({ redisUrl: config.redisUrl, logger });
  const exchange = new BinanceClient({ ...config.binance, store, logger: logger.child({ component: 'exchange' }) });
  const exchangeInfo = new ExchangeInfoCache(() => exchange.exchangeInfo(), logger);
  const services: GatewayServices = {
    config,
    logger,
    store,
    exchange,
    exchangeInfo,
    candleFetcher: new CandleBlockFetcher({
      exchange,
      store,
      logger,
      closedTtlMs: config.closedCandleTtlMs,
      formingTtlMs: config.formingCandleTtlMs,
    }),
    parsedBlocks: new ParsedBlockCache(),
    rateLimiter: new FieldRateLimiter({
      store,
      logger,
      overrides: marketDataOverrides(config.marketDataRateLimitPerMinute),
    }),
  };
  const registry = new ApiKeyRegistry(config.apiKeys);

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maxRequestBodySize: config.maxRequestBodyBytes,
    maskedErrors: { maskError: createMaskError(logger) },
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, allowedHeaders: ['content-type', 'x-api-key'] } : false,
    graphiql: graphiqlOptions(config.devApiKey),
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
      useReadinessCheck({ endpoint: '/readyz', check: createReadinessCheck({ store, exchange, logger }) }),
    ],
  });

  const server = createServer((request, response) => {
    void yoga(request, response);
  });
  const websocket = attachWebSocketTransport({ server, yoga, registry, logger });

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
    stop: async () => {
      await websocket.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      exchange.close();
      if (ownsStore) await store.close();
    },
  };
}
