/**
 * `npm run credentials-key`: prints a fresh master key for stored exchange credentials (32 random
 * bytes, base64) for CREDENTIALS_KEY or CREDENTIALS_KEY_FILE. `npm run credentials-key -- rotate`
 * re-seals every stored credential under the current (first listed) master key, against the
 * configured store, so that the old key can be dropped. README "Exchange credentials at rest"
 * explains the rotation.
 */
import { ConfigError, loadConfig } from './config/load-config.js';
import { readEnv } from './config/read-env.js';
import { CredentialVault } from './credentials/credential-vault.js';
import { freshMasterKey } from './credentials/master-keys.js';
import { resealAll } from './credentials/reseal-all.js';
import { createLogger } from './observability/logger.js';
import { createStore } from './store/create-store.js';

const usage = `Usage: npm run credentials-key              prints a fresh master key (base64 of 32 random bytes)
       npm run credentials-key -- rotate    re-seals every stored exchange credential under the first key of CREDENTIALS_KEY`;

const command = process.argv[2];
if (command === undefined) {
  process.stdout.write(`${freshMasterKey()}\n`);
  process.exit(0);
}
if (command === '--help' || command === '-h') {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (command !== 'rotate') {
  process.stderr.write(`credentials-key: unknown command "${command}"\n\n${usage}\n`);
  process.exit(2);
}

let config;
try {
  config = loadConfig(readEnv());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
if (!config.credentialsKeys) {
  process.stderr.write('credentials-key: CREDENTIALS_KEY (or CREDENTIALS_KEY_FILE) is not set: nothing to rotate to.\n');
  process.exit(2);
}
if (!config.redisUrl) {
  process.stderr.write('credentials-key: REDIS_URL is not set; the in-process store of a running gateway cannot be reached from here (it re-seals on use).\n');
  process.exit(2);
}
const logger = createLogger('warn', process.stderr);
const store = createStore({ redisUrl: config.redisUrl, logger });
let exitCode = 0;
try {
  const report = await resealAll(store, new CredentialVault(store, config.credentialsKeys, logger));
  process.stdout.write(
    `Re-sealed ${report.resealed} under master key version ${config.credentialsKeys.current.version}; ${report.current} already were.\n` +
      (report.unreadable.length === 0
        ? 'Every stored credential is under the current key: the older keys can be removed from CREDENTIALS_KEY.\n'
        : `Not readable with any configured key (their owners must set them again): ${report.unreadable.join(', ')}\n`),
  );
  if (report.unreadable.length > 0) exitCode = 1;
} catch (error) {
  process.stderr.write(`credentials-key: ${(error as Error).message}\n`);
  exitCode = 1;
} finally {
  await store.close();
}
process.exit(exitCode);
