/**
 * Who a request is: the one key lookup per request, made where the request comes in (the front
 * door for HTTP, the connection for WebSocket), kept with the request and read by the auth plugin
 * (use-api-key-auth.ts) instead of looking the key up again.
 */
import { UnauthenticatedError } from '../schema/errors.js';
import type { Viewer } from './viewer.js';

/** Why a request has no viewer: no key, a key nobody issued, or a stored key revoked or past its expiry. */
export type RefusalReason = 'missing' | 'unknown' | 'revoked' | 'expired';

export type Authentication = { viewer: Viewer } | { viewer: null; reason: RefusalReason };

/** What looks a presented key up (key-directory.ts). */
export interface KeyLookup {
  authenticate(presentedKey: string): Authentication;
}

export function authenticate(keys: KeyLookup, presentedKey: string | undefined): Authentication {
  if (presentedKey === undefined) return { viewer: null, reason: 'missing' };
  return keys.authenticate(presentedKey);
}

/** What a refused request is told, by reason. */
export const refusalMessages: Record<RefusalReason, string> = {
  missing: 'A valid API key is required (header X-API-Key).',
  unknown: 'Unknown API key.',
  revoked: 'This API key has been revoked.',
  expired: 'This API key has expired.',
};

/** The UNAUTHENTICATED error a refused request gets, saying why. */
export function unauthenticatedError(authentication: Authentication): UnauthenticatedError {
  return new UnauthenticatedError(authentication.viewer === null ? refusalMessages[authentication.reason] : undefined);
}
