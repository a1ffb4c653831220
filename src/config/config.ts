/**
 * The gateway's configuration, parsed from the environment once at start-up (config/load-config.ts)
 * and passed in from there: nothing else reads process.env.
 */
import type { ApiKeyEntry } from '../auth/api-key-entry.js';
import type { MasterKeyRing } from '../credentials/master-keys.js';
import type { RedisTarget } from '../store/redis-target.js';
import type { StreamingSettings } from '../streaming/streaming-settings.js';

export type { ApiKeyEntry };

export interface GatewayConfig {
  port: number;
  host: string;
  nodeEnv: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** REDIS_URL parsed (one server, Sentinel or Cluster); unset: the in-process store. */
  redis: RedisTarget | undefined;
  binance: {
    baseUrl: string;
    wsUrl: string;
    /** The WebSocket API (user data streams). @default wss://ws-api.binance.com:443/ws-api/v3 */
    wsApiUrl: string;
    apiKey: string | undefined;
    /** HMAC secret, or a PEM private key (Ed25519 or RSA) for asymmetric API keys. */
    apiSecret: string | undefined;
    /** recvWindow sent with signed requests, ms. @default 5000 */
    recvWindowMs: number;
    /** Per-attempt timeout of one REST request, ms. @default 10000 */
    requestTimeoutMs: number;
    /** Upper bound on one REST call including retries and back-off, ms. @default 20000 */
    totalTimeoutMs: number;
    /** Upstream REST requests in flight at once. @default 8 */
    maxConcurrentRequests: number;
    /** Share of the exchange's weight limit we allow ourselves; the rest is head-room. @default 0.9 */
    weightHeadroom: number;
    /** Failed calls in a row that open the exchange host's circuit breaker. @default 5 */
    breakerThreshold: number;
    /** How long the open breaker fails calls at once before one probe may go, ms. @default 5000 */
    breakerCooldownMs: number;
  };
  /** Whether introspection (__schema, __type) is answered. @default true */
  introspection: boolean;
  liveTrading: boolean;
  /** The master keys of stored exchange credentials (CREDENTIALS_KEY or CREDENTIALS_KEY_FILE); unset: none can be stored. */
  credentialsKeys: MasterKeyRing | undefined;
  apiKeys: ApiKeyEntry[];
  /** A key created for this run when none is configured outside production; printed once at start. */
  devApiKey: string | undefined;
  corsOrigins: string[];
  /** Starting balances of a new paper account, asset → decimal string. */
  paperBalances: Record<string, string>;
  /** Commission rate of paper fills, decimal string. @default "0.001" */
  paperCommissionRate: string;
  /** How long a ticker price is reused by trading (paper fills, MARKET filter checks), ms. @default 1000 */
  tradingPriceMaxAgeMs: number;
  /** Live-order reconciliation timing (src/trading/live-order-placer.ts). */
  liveOrders: {
    /** How long the exchange may still execute an accepted order request, ms. @default 10000 */
    engineTimeoutMs: number;
    /** Pause between two lookups of an order whose outcome is unknown, ms. @default 500 */
    reconcileIntervalMs: number;
    /** How long one request reconciles before answering UPSTREAM_UNAVAILABLE, ms. @default 30000 */
    reconcileTimeoutMs: number;
    /** How long a request waits on another request holding the same clientOrderId, ms. @default 5000 */
    pendingWaitMs: number;
  };
  /** Calls a minute per API key on each market-data field (ohlcv, market, markets, Market.candles). @default 600 */
  marketDataRateLimitPerMinute: number;
  /** Largest request body accepted; larger ones get HTTP 413. @default 100000 */
  maxRequestBodyBytes: number;
  /** How long a closed-candle block stays in the cache, ms. @default 30 days */
  closedCandleTtlMs: number;
  /** How long the block holding the forming bar stays in the cache, ms. @default 2000 */
  formingCandleTtlMs: number;
  /** Live candle subscriptions (src/streaming) and the upstream market streams behind them. */
  streaming: StreamingSettings;

  /**
   * Whether a @stream payload's items go out as one `items` list per list (server/use-batched-stream-items.ts).
   * Not an environment variable: always on; the benchmark turns it off to measure what it saves.
   * @default true
   */
  streamItemsBatched: boolean;
  /** How long a serialized market-data query result is served again, ms (0: never). @default 1000 */
  queryCacheTtlMs: number;
  /** How long stop() lets in-flight operations finish before cutting them, ms. @default 10000 */
  shutdownTimeoutMs: number;
}
