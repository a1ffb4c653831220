/**
 * What a resolver sees: the caller (viewer), per-request loaders, and the gateway's long-lived
 * services. Built once per request; loaders are never shared between requests.
 */
import type { Viewer } from './auth/viewer.js';
import type { GatewayConfig } from './config/config.js';
import type { BinanceClient } from './exchange/binance-client.js';
import type { ExchangeInfoCache } from './exchange/exchange-info-cache.js';
import type { CandleBlockFetcher } from './market-data/candle-block-fetcher.js';
import type { CandleBlockLoader, ParsedBlockCache } from './market-data/candle-block-loader.js';
import type { FieldRateLimiter } from './rate-limit/field-rate-limiter.js';
import type { Store } from './store/store.js';
import type { CandleStreamService } from './streaming/candle-stream-service.js';
import type { LiveOrderPlacer } from './trading/live-order-placer.js';
import type { PaperTrading } from './trading/paper-trading.js';
import type { PriceFeed } from './trading/price-feed.js';
import type { Logger } from './observability/logger.js';
import type { GatewayMetrics } from './observability/metrics.js';
import type { QueryResultCache } from './server/query-result-cache.js';

export type { Viewer };

/** Long-lived parts of one gateway instance, shared by all requests. */
export interface GatewayServices {
  config: GatewayConfig;
  logger: Logger;
  store: Store;
  exchange: BinanceClient;
  exchangeInfo: ExchangeInfoCache;
  candleFetcher: CandleBlockFetcher;
  parsedBlocks: ParsedBlockCache;
  /** Live candle subscriptions and the upstream market streams behind them. */
  candleStreams: CandleStreamService;
  /** Serialized market-data query results (the fast path in front of Yoga). */
  queryCache: QueryResultCache;
  /** Enforces @rateLimit budgets per API key and field (rate-limit/rate-limit-plugin.ts). */
  rateLimiter: FieldRateLimiter;
  /** Live prices for trading, cached ~1 s per symbol. */
  prices: PriceFeed;
  /** Paper trades and paper accounts (Mutation.trade, Query.paperAccount). */
  paperTrading: PaperTrading;
  /** Live orders (Mutation.liveTrade). */
  liveOrders: LiveOrderPlacer;
  /** This gateway's Prometheus registry and instruments (GET /metrics). */
  metrics: GatewayMetrics;
  /** Called with cache hits and misses of each candle batch (metrics). */
  onCandleCacheLookup?: (hits: number, misses: number) => void;
}

export interface GatewayContext {
  requestId: string;
  /** Null when the request carries no valid key; resolvers are guarded by scopes before they run. */
  viewer: Viewer | null;
  services: GatewayServices;
  loaders: { candleBlocks: CandleBlockLoader };
  /** Candles this operation has asked for so far; bounded per operation. */
  candleBudget: { requested: number; planned?: number };
}
