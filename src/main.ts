/**
 * Starts the gateway: parse config, build, listen, and shut down cleanly on SIGTERM/SIGINT.
 */
import { createGateway } from './app.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { readEnv } from './config/read-env.js';
import { createLogger } from './observability/logger.js';

function configOrExit() {
  try {
    return loadConfig(readEnv());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = configOrExit();
const logger = createLogger(config.logLevel);
const gateway = createGateway({ config, logger });
let url: string;
try {
  url = await gateway.start();
} catch (error) {
  process.stderr.write(`Could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
logger.info({ url: `${url}/graphql`, store: config.redisUrl ? 'redis' : 'in-process', exchange: config.binance.baseUrl }, 'gateway listening');
if (config.devApiKey) {
  // Printed once, on purpose and outside the JSON log: the contract's out-of-the-box development key.
  process.stdout.write(`\nDevelopment API key for this run (read,trade): ${config.devApiKey}\nGraphiQL: ${url}/graphql\n\n`);
}

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // stop() is bounded by SHUTDOWN_TIMEOUT_MS; this is the backstop should closing a resource hang.
  setTimeout(() => {
    logger.error('shutdown did not finish in time; exiting anyway');
    process.exit(1);
  }, config.shutdownTimeoutMs + 5000).unref();
  gateway.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
