/** One client key of the gateway as it is configured (API_KEYS): never the key, only its digest. */
import type { Scope } from './scopes.js';

export interface ApiKeyEntry {
  id: string;
  /** SHA-256 of the key, lowercase hex. */
  sha256: string;
  scopes: Scope[];
}
