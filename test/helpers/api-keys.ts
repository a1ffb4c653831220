/** Fixed client keys for tests, one per scope combination, and the API_KEYS value that lists them. */
import { sha256Hex } from '../../src/auth/api-key-hash.js';

export const testKeys = {
  read: 'test-key-read',
  trade: 'test-key-trade',
  readTrade: 'test-key-read-trade',
  live: 'test-key-live',
  all: 'test-key-all',
  admin: 'test-key-admin',
} as const;

const scopesOf: Record<keyof typeof testKeys, string> = {
  read: 'read',
  trade: 'trade',
  readTrade: 'read,trade',
  live: 'live',
  all: 'read,trade,live',
  admin: 'admin',
};

/** API_KEYS in the contract's format: id:sha256hex:scopes;… (the id is the name above). */
export const testApiKeysEnv = (Object.keys(testKeys) as (keyof typeof testKeys)[])
  .map((id) => `${id}:${sha256Hex(testKeys[id])}:${scopesOf[id]}`)
  .join(';');
