/** One client key described, as the ApiKey type and `npm run apikey -- list` show it (never the key). */
import type { Scope } from './scopes.js';

export interface ApiKeyDescription {
  id: string;
  scopes: Scope[];
  /** ENV: configured in API_KEYS (read-only); STORE: created through the API or the CLI. */
  source: 'ENV' | 'STORE';
  /** Epoch ms; null for ENV keys. */
  createdAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}
