/** The checks a key to create (createApiKey, `npm run apikey -- create`) passes, with a message naming what is wrong. */
import { BadUserInputError } from '../schema/errors.js';
import { isScope, scopes as knownScopes, type Scope } from './scopes.js';
import { storedKeyIdPattern } from './stored-api-key.js';

export interface NewApiKeyInput {
  id: string;
  scopes: readonly string[];
  /** Epoch ms; null or undefined: no expiry. */
  expiresAt?: number | null;
}

export interface NewApiKey {
  id: string;
  /** Known scopes, each once, in the contract's order. */
  scopes: Scope[];
  expiresAt: number | null;
}

export function checkNewApiKey(input: NewApiKeyInput, now: number): NewApiKey {
  if (!storedKeyIdPattern.test(input.id)) {
    throw new BadUserInputError(`The id must be 1 to 64 letters, digits, '-' or '_'; got "${input.id.slice(0, 80)}".`);
  }
  const requested = input.scopes.map((scope) => scope.trim()).filter(Boolean);
  const unknown = requested.filter((scope) => !isScope(scope));
  if (unknown.length > 0) throw new BadUserInputError(`Unknown scope ${unknown.join(', ')} (known: ${knownScopes.join(', ')}).`);
  if (requested.length === 0) throw new BadUserInputError(`A key needs at least one scope of ${knownScopes.join(', ')}.`);
  const expiresAt = input.expiresAt ?? null;
  if (expiresAt !== null && expiresAt <= now) throw new BadUserInputError('expiresAt must be in the future.');
  return { id: input.id, scopes: knownScopes.filter((scope) => requested.includes(scope)), expiresAt };
}
