/**
 * The gateway's configuration, parsed from the environment once at start-up (config/load-config.ts)
 * and passed in from there: nothing else reads process.env.
 */
import type { Scope } from '../auth/scopes.js';

/** One client key of the gateway, as listed in API_KEYS. */
export interface ApiKeyEntry {
  id: string;
  /** SHA-256 of the key, lowercase hex. */
  sha256: string;
  scopes: Scope[];
}

export interface GatewayConfig {
  port: number;
  host: string;
  nodeEnv: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Unset: the in-process store. */
  redisUrl: string | undefined;
  binance: {
    baseUrl: string;
    wsUrl: string;
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
  };
  liveTrading: boolean;
  apiKeys: ApiKeyEntry[];
  /** A key created for this run when none is configured outside production; printed once at start. */
  devApiKey: string | undefined;
  corsOrigins: string[];
  /** Starting balances of a new paper account, asset → decimal string. */
  paperBalances: Record<string, string>;
  /** Commission rate of paper fills, decimal string. @default "0.001" */
  paperCommissionRate: string;
  /** How long a closed-candle block stays in the cache, ms. @default 30 days */
  closedCandleTtlMs: number;
  /** How long the block holding the forming bar stays in the cache, ms. @default 2000 */
  formingCandleTtlMs: number;
}
