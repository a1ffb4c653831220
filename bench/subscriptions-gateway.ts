/**
 * Child process of the subscription benchmarks: one gateway (in-process store) against the fake
 * exchange the parent runs, on its own core. It says `{ type: 'ready', url }` over IPC, answers
 * `memory` with its heap and RSS after a full GC (run with --expose-gc), `cpu` with its CPU time so
 * far (µs), and stops on `stop`.
 */
import { createGateway } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/observability/logger.js';
import { benchApiKeysEnv } from './ohlcv-query.js';

export interface GatewayMemory {
  heapUsed: number;
  rss: number;
  subscribers: number;
}

export interface GatewayCpu {
  /** User + system CPU time of the process so far, µs. */
  cpuMicros: number;
}

const [restUrl, wsUrl] = process.argv.slice(2);
const config = loadConfig({
  PORT: '0',
  LOG_LEVEL: process.env['BENCH_GATEWAY_LOG_LEVEL'] ?? 'error',
  NODE_ENV: 'production',
  BINANCE_BASE_URL: restUrl,
  BINANCE_WS_URL: wsUrl,
  API_KEYS: benchApiKeysEnv,
});
// Log lines go to stderr, so the parent's output stays the report.
const gateway = createGateway({ config, logger: createLogger(config.logLevel, process.stderr) });
const url = await gateway.start();
process.send?.({ type: 'ready', url });

process.on('message', (message: { type: string }) => {
  if (message.type === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const usage = process.memoryUsage();
    const books = gateway.services.marketSubscriptions.stats().books;
    const reply: GatewayMemory = {
      heapUsed: usage.heapUsed,
      rss: usage.rss,
      subscribers: gateway.services.candleStreams.stats().subscribers + books.subscribers,
    };
    process.send?.({ type: 'memory', ...reply });
  } else if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    const reply: GatewayCpu = { cpuMicros: user + system };
    process.send?.({ type: 'cpu', ...reply });
  } else if (message.type === 'stop') {
    void gateway.stop().finally(() => process.exit(0));
  }
});
