/**
 * Where a request carries its API key: the `X-API-Key` header (HTTP queries, mutations, SSE) or the
 * `x-api-key` connection parameter (graphql-ws). The one place a key is read; every transport
 * authenticates what these return (authentication.ts), once per request.
 */
import type { IncomingHttpHeaders } from 'node:http';

export function apiKeyFromHeaders(headers: IncomingHttpHeaders | Headers): string | undefined {
  // Yoga's Headers are whatwg-node's, not the global class: test for get(), not instanceof.
  const value = typeof (headers as Headers).get === 'function' ? (headers as Headers).get('x-api-key') : (headers as IncomingHttpHeaders)['x-api-key'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function apiKeyFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.['x-api-key'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
