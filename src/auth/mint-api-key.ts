/**
 * `npm run apikey -- --id NAME --scopes read,trade`: mints a random client key, prints it once, and
 * prints the API_KEYS entry that admits it (the key's SHA-256, never the key itself). The gateway
 * keeps no copy: a lost key is replaced by minting a new one and swapping the entry.
 */
import { mintApiKey, sha256Hex } from './api-key-hash.js';
import { mintUsage, parseMintArgs, type MintRequest } from './mint-api-key-args.js';

function requestOrExit(): MintRequest {
  try {
    const request = parseMintArgs(process.argv.slice(2));
    if (request !== 'help') return request;
    process.stdout.write(`${mintUsage}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`apikey: ${(error as Error).message}\n\n${mintUsage}\n`);
    process.exit(2);
  }
}

const request = requestOrExit();
const key = mintApiKey();
const entry = `${request.id}:${sha256Hex(key)}:${request.scopes.join(',')}`;
process.stdout.write(
  `API key "${request.id}" (${request.scopes.join(',')}). It is shown only this once; give it to the client now:\n\n` +
    `  ${key}\n\n` +
    `Add this entry to API_KEYS (entries are separated by ';') and restart the gateway:\n\n` +
    `  ${entry}\n`,
);
