/**
 * `npm run apikey`: manages the gateway's client keys. `create`, `list` and `revoke` work on the
 * keys kept in the configured store (REDIS_URL, from the environment or .env), exactly as
 * createApiKey, apiKeys and revokeApiKey do, so the first admin key can come from here; a created
 * key is printed once and only its SHA-256 is stored. Without a command it mints an API_KEYS entry.
 * Exit codes: 0 done, 1 the store or the request failed, 2 bad arguments or configuration.
 */
import { apiKeyUsage, parseApiKeyArgs, type ApiKeyCommand } from './auth/api-key-cli-args.js';
import { createdReport, listReport, revokedReport } from './auth/api-key-report.js';
import { KeyDirectory } from './auth/key-directory.js';
import { mintEntryReport } from './auth/mint-api-key.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { readEnv } from './config/read-env.js';
import { createLogger } from './observability/logger.js';
import { createStore } from './store/create-store.js';

function fail(message: string, code: number, usage = false): never {
  process.stderr.write(`apikey: ${message}\n${usage ? `\n${apiKeyUsage}\n` : ''}`);
  process.exit(code);
}

let command: ApiKeyCommand;
try {
  command = parseApiKeyArgs(process.argv.slice(2));
} catch (error) {
  fail((error as Error).message, 2, true);
}

if (command.command === 'help') {
  process.stdout.write(`${apiKeyUsage}\n`);
  process.exit(0);
}
if (command.command === 'entry') {
  process.stdout.write(mintEntryReport(command.request));
  process.exit(0);
}

let config;
try {
  config = loadConfig(readEnv());
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}
if (!config.redisUrl) {
  fail('REDIS_URL is not set. Keys kept in the store need a shared store: the in-process one lives and dies with each gateway process. Set REDIS_URL, or mint an API_KEYS entry (npm run apikey -- --id NAME --scopes ...).', 2);
}

const logger = createLogger('warn', process.stderr);
const store = createStore({ redisUrl: config.redisUrl, logger });
// The development key of a run without API_KEYS is nobody's: it is not an entry here.
const keys = new KeyDirectory({ envKeys: config.devApiKey ? [] : config.apiKeys, store, logger });
let exitCode = 0;
try {
  if (command.command === 'create') {
    const { key, apiKey } = await keys.create({ id: command.id, scopes: command.scopes, expiresAt: command.expiresAt });
    process.stdout.write(createdReport(key, apiKey));
  } else if (command.command === 'list') {
    process.stdout.write(listReport(await keys.list(), command.json));
  } else {
    process.stdout.write(revokedReport(await keys.revoke(command.id)));
  }
} catch (error) {
  process.stderr.write(`apikey: ${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  await keys.stop();
  await store.close();
}
process.exit(exitCode);
