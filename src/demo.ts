/**
 * `npm run demo`: the gateway together with the bundled Binance-compatible simulator (REST and
 * WebSocket on loopback), so everything — candles, live subscriptions, paper and even live trades —
 * can be tried offline, without any exchange key. Live orders go to the simulator, never to Binance.
 */
import { createGateway } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { readEnv } from './config/read-env.js';
import { createLogger } from './observability/logger.js';
import { startFakeExchange } from './simulator/fake-exchange.js';

const simulatorApiKey = 'demo-api-key';
const simulatorSecret = 'demo-api-secret';

const env = readEnv();
const simulator = await startFakeExchange({
  port: Number(env['SIMULATOR_PORT'] ?? 4100),
  apiKey: simulatorApiKey,
  apiSecret: simulatorSecret,
});

let config;
try {
  config = loadConfig({
    ...env,
    // The demo always talks to its own simulator, whatever .env says about the exchange.
    BINANCE_BASE_URL: simulator.url,
    BINANCE_WS_URL: simulator.wsUrl,
    BINANCE_API_KEY: simulatorApiKey,
    BINANCE_API_SECRET: simulatorSecret,
    LIVE_TRADING: 'on',
    REDIS_URL: env['REDIS_URL'],
  });
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    await simulator.close();
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
const gateway = createGateway({ config, logger });
const url = await gateway.start();
logger.info({ url: `${url}/graphql`, simulator: simulator.url }, 'demo gateway listening (simulated exchange)');
process.stdout.write(
  `\nDemo: gateway ${url}/graphql against the simulator at ${simulator.url}\n` +
    (config.devApiKey ? `Development API key for this run (read,trade): ${config.devApiKey}\n` : '') +
    `Live trades go to the simulator. Add a key with the live scope (npm run apikey) to try liveTrade.\n\n`,
);

const shutdown = () => {
  gateway
    .stop()
    .then(() => simulator.close())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'demo shutdown failed');
        process.exit(1);
      },
    );
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
