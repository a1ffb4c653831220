/**
 * Who a request is: the one key lookup per request, made where the request comes in (the front
 * door for HTTP, the connection for WebSocket), kept with the request and read by the auth plugin
 * (use-api-key-auth.ts) instead of looking the key up again.
 */
import { UnauthenticatedError } from '../schema/errors.js';
import type { ApiKeyRegistry } from './api-key-registry.js';
import type { Viewer } from './viewer.js';

export type Authentication = { viewer: Viewer } | { viewer: null; reason: 'missing' | 'unknown' };

export function authenticate(registry: ApiKeyRegistry, presentedKey: string | undefined): Authentication {
  if (presentedKey === undefined) return { viewer: null, reason: 'missing' };
  const viewer = registry.authenticate(presentedKey);
  return viewer ? { viewer } : { viewer: null, reason: 'unknown' };
}

/** The UNAUTHENTICATED error a refused request gets, saying whether the key was missing or unknown. */
export function unauthenticatedError(authentication: Authentication): UnauthenticatedError {
  return authentication.viewer === null && authentication.reason === 'unknown' ? new UnauthenticatedError('Unknown API key.') : new UnauthenticatedError();
}
