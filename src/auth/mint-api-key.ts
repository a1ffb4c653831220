/**
 * An API_KEYS entry for a new random client key (`npm run apikey -- --id NAME --scopes read,trade`):
 * the key, to be shown once, and the entry that admits it (its SHA-256, never the key itself). The
 * gateway keeps no copy: a lost key is replaced by minting a new one and swapping the entry.
 */
import { mintApiKey, sha256Hex } from './api-key-hash.js';
import type { MintRequest } from './mint-api-key-args.js';

/** What `npm run apikey` prints for the request. */
export function mintEntryReport(request: MintRequest): string {
  const key = mintApiKey();
  const entry = `${request.id}:${sha256Hex(key)}:${request.scopes.join(',')}`;
  return (
    `API key "${request.id}" (${request.scopes.join(',')}). It is shown only this once; give it to the client now:\n\n` +
    `  ${key}\n\n` +
    `Add this entry to API_KEYS (entries are separated by ';') and restart the gateway:\n\n` +
    `  ${entry}\n`
  );
}
