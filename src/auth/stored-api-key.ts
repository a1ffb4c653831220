/**
 * A client key created through the API (createApiKey, `npm run apikey -- create`), as the store
 * keeps it: in the record collection `api-keys`, by id, with the SHA-256 of the key and never the
 * key. Every instance keeps a copy of these in memory (key-directory.ts) and is told of a change
 * on the channel below. When each key was last used is kept apart, in `api-key-usage`, so
 * that those frequent writes do not wake every instance's index.
 */
import { z } from 'zod';
import { scopes } from './scopes.js';

export const apiKeysCollection = 'api-keys';
export const apiKeyUsageCollection = 'api-key-usage';
/** Published after every change of `api-keys` (a hint: the message is the writer's revision, read by no one). */
export const apiKeysChannel = 'api-keys:changed';

/** Letters, digits, '-' and '_', 1 to 64 (the contract's CreateApiKeyInput.id). */
export const storedKeyIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export const storedApiKeySchema = z.object({
  v: z.literal(1),
  id: z.string().regex(storedKeyIdPattern),
  /** SHA-256 of the key, lowercase hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  scopes: z.array(z.enum(scopes)),
  /** Epoch ms. */
  createdAt: z.number(),
  /** Epoch ms after which the key is refused; null: never. */
  expiresAt: z.number().nullable(),
  /** Epoch ms from which the key is refused; null: not revoked. */
  revokedAt: z.number().nullable(),
});
export type StoredApiKey = z.infer<typeof storedApiKeySchema>;

/** Why a stored key is refused at `now`, or null when it is good. */
export function storedKeyRefusal(key: StoredApiKey, now: number): 'revoked' | 'expired' | null {
  if (key.revokedAt !== null && key.revokedAt <= now) return 'revoked';
  if (key.expiresAt !== null && key.expiresAt <= now) return 'expired';
  return null;
}
