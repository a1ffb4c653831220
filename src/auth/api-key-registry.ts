/**
 * The gateway's client keys (API_KEYS), indexed by the SHA-256 of each key. A presented key is
 * hashed and looked up in that map: one lookup whatever the number of keys. No timing leak about the
 * key remains, because what is looked up is its digest, from which the key cannot be derived; the
 * entry found is confirmed with a constant-time comparison of the digests.
 */
import type { ApiKeyEntry } from './api-key-entry.js';
import { digestsEqual, sha256Hex } from './api-key-hash.js';
import type { Viewer } from './viewer.js';

export class ApiKeyRegistry {
  private readonly byDigest: ReadonlyMap<string, ApiKeyEntry>;

  constructor(entries: readonly ApiKeyEntry[]) {
    this.byDigest = new Map(entries.map((entry) => [entry.sha256.toLowerCase(), entry]));
  }

  /** The viewer the key belongs to, or null for an unknown key. */
  authenticate(presentedKey: string): Viewer | null {
    const digest = sha256Hex(presentedKey);
    const entry = this.byDigest.get(digest);
    return entry && digestsEqual(digest, entry.sha256) ? { id: entry.id, scopes: [...entry.scopes] } : null;
  }
}
