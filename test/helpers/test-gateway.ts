/**
 * A whole gateway in-process, listening on a free loopback port, against the fake exchange, with
 * its log lines captured (so tests can check the audit trail and that no secret is ever logged).
 */
import { Writable } from 'node:stream';
import { createGateway, type Gateway } from '../../src/app.js';
import type { GatewayConfig } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/logger.js';
import type { FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { Store } from '../../src/store/store.js';
import { testApiKeysEnv } from './api-keys.js';
import { execute, type GraphQLResponse } from './graphql-client.js';

export interface TestGateway {
  url: string;
  gateway: Gateway;
  config: GatewayConfig;
  /** Every log line written so far, raw JSON text. */
  logLines: string[];
  execute<T = Record<string, unknown>>(
    query: string,
    options?: { variables?: Record<string, unknown>; apiKey?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/** The environment a test gateway starts from; `env` overrides any of it. */
export function testEnv(fake: FakeExchange, env: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    BINANCE_BASE_URL: fake.url,
    BINANCE_WS_URL: fake.wsUrl,
    BINANCE_WS_API_URL: fake.wsApiUrl,
    BINANCE_TIMEOUT_MS: '2000',
    // A test that leaves a request hanging must not hold its afterAll for the default 10 s.
    SHUTDOWN_TIMEOUT_MS: '3000',
    API_KEYS: testApiKeysEnv,
    ...env,
  };
}

export async function startTestGateway(options: {
  fake: FakeExchange;
  store?: Store;
  env?: Record<string, string>;
}): Promise<TestGateway> {
  const config = loadConfig(testEnv(options.fake, options.env));
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const gateway = createGateway({ config, store: options.store, logger: createLogger(config.logLevel, sink) });
  const url = await gateway.start();
  return {
    url,
    gateway,
    config,
    logLines,
    execute: (query, executeOptions = {}) => execute(url, query, executeOptions),
    stop: () => gateway.stop(),
  };
}
