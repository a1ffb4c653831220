/**
 * Yoga plugin: puts the caller on the context, from the request's authentication (authentication.ts:
 * looked up once where the request came in). A request that reached Yoga some other way (in-process
 * yoga.fetch) is authenticated here, through the same lookup. No key or an unknown key ends the
 * request with UNAUTHENTICATED and HTTP 401; a known key's scopes are checked per field
 * (schema/builder.ts).
 */
import type { Plugin } from 'graphql-yoga';
import { authenticate, unauthenticatedError, type Authentication, type KeyLookup } from './authentication.js';
import { apiKeyFromConnectionParams, apiKeyFromHeaders } from './presented-api-key.js';
import type { Viewer } from './viewer.js';

export interface ApiKeyAuthOptions {
  /** The key directory (key-directory.ts). */
  keys: KeyLookup;
}

interface TransportContext {
  /** Set by the transport that authenticated the request (server context). */
  authentication?: Authentication;
  request?: Request;
  connectionParams?: Record<string, unknown>;
  viewer?: Viewer | null;
}

export function useApiKeyAuth(options: ApiKeyAuthOptions): Plugin<TransportContext> {
  return {
    onContextBuilding({ context, extendContext }) {
      const authentication =
        context.authentication ??
        authenticate(
          options.keys,
          apiKeyFromConnectionParams(context.connectionParams) ?? (context.request ? apiKeyFromHeaders(context.request.headers) : undefined),
        );
      if (!authentication.viewer) throw unauthenticatedError(authentication);
      extendContext({ viewer: authentication.viewer });
    },
  };
}
