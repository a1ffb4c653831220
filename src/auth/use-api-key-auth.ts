/**
 * Yoga plugin: puts the caller on the context. The key comes from the `X-API-Key` header (HTTP and
 * SSE) or the `x-api-key` connection parameter (WebSocket). No key or an unknown key ends the request
 * with UNAUTHENTICATED and HTTP 401; a known key's scopes are checked per field (schema/builder.ts).
 */
import type { Plugin } from 'graphql-yoga';
import { UnauthenticatedError } from '../schema/errors.js';
import type { Viewer } from './viewer.js';
import type { ApiKeyRegistry } from './api-key-registry.js';

export interface ApiKeyAuthOptions {
  registry: ApiKeyRegistry;
}

interface TransportContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
  viewer?: Viewer | null;
}

/** The key a request presents, from whichever transport carried it. */
export function presentedApiKey(context: TransportContext): string | undefined {
  const fromParams = context.connectionParams?.['x-api-key'];
  if (typeof fromParams === 'string' && fromParams !== '') return fromParams;
  const fromHeader = context.request?.headers.get('x-api-key');
  return fromHeader ?? undefined;
}

export function useApiKeyAuth(options: ApiKeyAuthOptions): Plugin<TransportContext> {
  return {
    onContextBuilding({ context, extendContext }) {
      const key = presentedApiKey(context);
      if (!key) throw new UnauthenticatedError();
      const viewer = options.registry.authenticate(key);
      if (!viewer) throw new UnauthenticatedError('Unknown API key.');
      extendContext({ viewer });
    },
  };
}
