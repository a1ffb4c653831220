/**
 * The gateway's client keys (API_KEYS). A presented key is hashed and compared with every entry's
 * digest in constant time, so neither the key nor how much of it matched leaks through timing.
 */
import type { ApiKeyEntry } from '../config/config.js';
import type { Viewer } from './viewer.js';
import { digestsEqual, sha256Hex } from './api-key-hash.js';

export class ApiKeyRegistry {
  constructor(private readonly entries: readonly ApiKeyEntry[]) {}

  /** The viewer the key belongs to, or null for an unknown key. */
  authenticate(presentedKey: string): Viewer | null {
    const digest = sha256Hex(presentedKey);
    let match: ApiKeyEntry | undefined;
    // No early exit: every entry is compared, whatever matches.
    for (const entry of this.entries) {
      if (digestsEqual(digest, entry.sha256)) match = entry;
    }
    return match ? { id: match.id, scopes: [...match.scopes] } : null;
  }
}
