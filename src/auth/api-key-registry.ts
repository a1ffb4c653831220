/**
 * The gateway's configured client keys (API_KEYS, read-only), indexed by the SHA-256 of each key. A
 * presented key is hashed and looked up in that map: one lookup whatever the number of keys. No
 * timing leak about the key remains, because what is looked up is its digest, from which the key
 * cannot be derived (a map hit is an exact match of the digest: nothing is left to confirm).
 * The key directory (key-directory.ts) looks up these and the stored keys with one digest.
 */
import type { ApiKeyEntry } from './api-key-entry.js';
import { sha256Hex } from './api-key-hash.js';
import type { Viewer } from './viewer.js';

export class ApiKeyRegistry {
  private readonly byDigest: ReadonlyMap<string, ApiKeyEntry>;
  private readonly byId: ReadonlyMap<string, ApiKeyEntry>;

  constructor(readonly entries: readonly ApiKeyEntry[]) {
    this.byDigest = new Map(entries.map((entry) => [entry.sha256.toLowerCase(), entry]));
    this.byId = new Map(entries.map((entry) => [entry.id, entry]));
  }

  /** The viewer the key belongs to, or null for an unknown key. */
  authenticate(presentedKey: string): Viewer | null {
    const entry = this.entryFor(sha256Hex(presentedKey));
    return entry ? { id: entry.id, scopes: [...entry.scopes] } : null;
  }

  /** The entry whose key has this digest (lowercase hex). */
  entryFor(digest: string): ApiKeyEntry | undefined {
    return this.byDigest.get(digest);
  }

  byKeyId(id: string): ApiKeyEntry | undefined {
    return this.byId.get(id);
  }
}
