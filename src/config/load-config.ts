/**
 * Parses and validates the environment once (zod). Every problem is collected and reported
 * together, naming the variable, so an operator fixes them in one go.
 */
import { z } from 'zod';
import type { ApiKeyEntry, GatewayConfig } from './config.js';
import { isScope, scopes as knownScopes } from '../auth/scopes.js';
import { mintApiKey, sha256Hex } from '../auth/api-key-hash.js';
import { readCredentialsKeys } from './credentials-keys.js';
import { marketDataCallsPerMinute } from '../market-data/market-data-rate-limit.js';
import { redisUrlSchema } from './redis-url.js';

/** Thrown when the environment is invalid; `problems` names each variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const decimalPattern = /^\d{1,20}(\.\d{1,20})?$/;

const apiKeysSchema = z.string().transform((raw, ctx): ApiKeyEntry[] => {
  const entries: ApiKeyEntry[] = [];
  for (const part of raw.split(';').map((s) => s.trim()).filter(Boolean)) {
    const [id, hash, scopeList, ...rest] = part.split(':');
    if (!id || !hash || scopeList === undefined || rest.length > 0) {
      ctx.addIssue({ code: 'custom', message: `entry "${id ?? part}" is not id:sha256hex:scope,scope` });
      continue;
    }
    if (!/^[0-9a-f]{64}$/.test(hash)) {
      ctx.addIssue({ code: 'custom', message: `entry "${id}": the hash must be 64 lowercase hex digits` });
      continue;
    }
    const scopes = scopeList.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = scopes.filter((s) => !isScope(s));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `entry "${id}": unknown scope ${unknown.join(', ')} (${knownScopes.join(', ')})` });
      continue;
    }
    entries.push({ id, sha256: hash, scopes: scopes.filter(isScope) });
  }
  return entries;
});

const balancesSchema = z.string().transform((raw, ctx): Record<string, string> => {
  const balances: Record<string, string> = {};
  for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [asset, amount] = part.split(':');
    if (!asset || !/^[A-Z0-9]{1,20}$/.test(asset) || !amount || !decimalPattern.test(amount)) {
      ctx.addIssue({ code: 'custom', message: `"${part}" is not ASSET:amount (e.g. USDT:10000)` });
      continue;
    }
    balances[asset] = amount;
  }
  return balances;
});

const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a ${protocols.join(' or ')} URL`);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIS_URL: redisUrlSchema.optional(),
  BINANCE_BASE_URL: url(['http:', 'https:']).default('https://api.binance.com'),
  BINANCE_WS_URL: url(['ws:', 'wss:']).default('wss://stream.binance.com:9443'),
  BINANCE_WS_API_URL: url(['ws:', 'wss:']).default('wss://ws-api.binance.com:443/ws-api/v3'),
  BINANCE_API_KEY: z.string().min(1).optional(),
  BINANCE_API_SECRET: z.string().min(1).optional(),
  BINANCE_RECV_WINDOW_MS: z.coerce.number().int().min(1).max(60000).default(5000),
  BINANCE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(10000),
  BINANCE_MAX_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).max(100).default(8),
  BINANCE_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
  BINANCE_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(10).max(600_000).default(5000),
  INTROSPECTION: z.enum(['on', 'off']).default('on'),
  LIVE_TRADING: z.enum(['on', 'off']).default('off'),
  CREDENTIALS_KEY: z.string().optional(),
  CREDENTIALS_KEY_FILE: z.string().optional(),
  API_KEYS: apiKeysSchema.optional(),
  CORS_ORIGINS: z.string().optional(),
  PAPER_BALANCES: balancesSchema.default(balancesSchema.parse('USDT:10000')),
  QUERY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  PAPER_COMMISSION_RATE: z.string().regex(decimalPattern, 'must be a decimal such as 0.001').default('0.001'),
  TRADING_PRICE_MAX_AGE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  LIVE_ORDER_ENGINE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  LIVE_ORDER_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  LIVE_ORDER_RECONCILE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  LIVE_ORDER_PENDING_WAIT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  RATE_LIMIT_MARKET_DATA_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000_000).default(marketDataCallsPerMinute),
  MAX_REQUEST_BODY_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(100_000),
  STREAM_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  STREAM_WATCHDOG_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  STREAM_MAX_CONNECTION_AGE_MS: z.coerce.number().int().min(1000).max(24 * 3_600_000).default(23 * 3_600_000),
  STREAM_RECONNECT_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  STREAM_RECONNECT_MAX_MS: z.coerce.number().int().min(1).max(600_000).default(30_000),
  STREAM_LOCK_TTL_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  STREAM_MAX_PENDING_CLOSED: z.coerce.number().int().min(1).max(1_000_000).default(500),
  STREAM_MAX_PENDING_TRADES: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
});

/** Parses `env` (process.env with .env applied, by the caller) into a validated config. */
export function loadConfig(env: Record<string, string | undefined>): GatewayConfig {
  // Empty strings count as unset, as a commented-out .env line would.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';
  let apiKeys = e.API_KEYS ?? [];
  let devApiKey: string | undefined;
  if (apiKeys.length === 0 && !production) {
    devApiKey = mintApiKey();
    apiKeys = [{ id: 'dev', sha256: sha256Hex(devApiKey), scopes: ['read', 'trade'] }];
  }
  // With Redis, the keys may be in the store (npm run apikey -- create): createGateway's start() checks there.
  if (apiKeys.length === 0 && production && !e.REDIS_URL) {
    problems.push('API_KEYS: required when NODE_ENV=production (or REDIS_URL, with keys created by `npm run apikey -- create`)');
  }
  const credentialsKeys = readCredentialsKeys(e.CREDENTIALS_KEY, e.CREDENTIALS_KEY_FILE, problems);
  // Without the gateway's own credentials, live trading works for keys that store their own.
  if (e.LIVE_TRADING === 'on' && (!e.BINANCE_API_KEY || !e.BINANCE_API_SECRET) && !(e.CREDENTIALS_KEY || e.CREDENTIALS_KEY_FILE)) {
    problems.push('LIVE_TRADING: "on" needs BINANCE_API_KEY and BINANCE_API_SECRET, or CREDENTIALS_KEY so that keys can store their own');
  }
  if ((e.BINANCE_API_KEY === undefined) !== (e.BINANCE_API_SECRET === undefined)) {
    problems.push('BINANCE_API_KEY, BINANCE_API_SECRET: set both or neither');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    redis: e.REDIS_URL,
    binance: {
      baseUrl: e.BINANCE_BASE_URL.replace(/\/+$/, ''),
      wsUrl: e.BINANCE_WS_URL.replace(/\/+$/, ''),
      wsApiUrl: e.BINANCE_WS_API_URL.replace(/\/+$/, ''),
      apiKey: e.BINANCE_API_KEY,
      apiSecret: e.BINANCE_API_SECRET,
      recvWindowMs: e.BINANCE_RECV_WINDOW_MS,
      requestTimeoutMs: e.BINANCE_TIMEOUT_MS,
      totalTimeoutMs: e.BINANCE_TIMEOUT_MS * 2,
      maxConcurrentRequests: e.BINANCE_MAX_CONCURRENT_REQUESTS,
      weightHeadroom: 0.9,
      breakerThreshold: e.BINANCE_BREAKER_THRESHOLD,
      breakerCooldownMs: e.BINANCE_BREAKER_COOLDOWN_MS,
    },
    introspection: e.INTROSPECTION === 'on',
    liveTrading: e.LIVE_TRADING === 'on',
    credentialsKeys,
    apiKeys,
    devApiKey,
    corsOrigins: (e.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    paperBalances: e.PAPER_BALANCES,
    paperCommissionRate: e.PAPER_COMMISSION_RATE,
    tradingPriceMaxAgeMs: e.TRADING_PRICE_MAX_AGE_MS,
    liveOrders: {
      engineTimeoutMs: e.LIVE_ORDER_ENGINE_TIMEOUT_MS,
      reconcileIntervalMs: e.LIVE_ORDER_RECONCILE_INTERVAL_MS,
      reconcileTimeoutMs: e.LIVE_ORDER_RECONCILE_TIMEOUT_MS,
      pendingWaitMs: e.LIVE_ORDER_PENDING_WAIT_MS,
    },
    marketDataRateLimitPerMinute: e.RATE_LIMIT_MARKET_DATA_PER_MINUTE,
    maxRequestBodyBytes: e.MAX_REQUEST_BODY_BYTES,
    closedCandleTtlMs: 30 * 24 * 3600 * 1000,
    formingCandleTtlMs: 2000,
    streaming: {
      graceMs: e.STREAM_GRACE_MS,
      watchdogMs: e.STREAM_WATCHDOG_MS,
      maxConnectionAgeMs: e.STREAM_MAX_CONNECTION_AGE_MS,
      reconnectBaseMs: e.STREAM_RECONNECT_BASE_MS,
      reconnectMaxMs: e.STREAM_RECONNECT_MAX_MS,
      lockTtlMs: e.STREAM_LOCK_TTL_MS,
      maxPendingClosed: e.STREAM_MAX_PENDING_CLOSED,
      maxPendingTrades: e.STREAM_MAX_PENDING_TRADES,
    },
    streamItemsBatched: true,
    queryCacheTtlMs: e.QUERY_CACHE_TTL_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}
