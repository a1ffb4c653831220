/**
 * Where a request carries its API key: the `X-API-Key` header (HTTP queries, mutations, SSE) or the
 * `x-api-key` connection parameter (graphql-ws). The one place a key is read; every transport
 * authenticates what these return (authentication.ts), once per request.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Fetch-style headers (whatwg-node's own implementation in Yoga, not always the global Headers). */
interface FetchHeaders {
  get(name: string): string | null;
}

export function apiKeyFromHeaders(headers: IncomingHttpHeaders | FetchHeaders): string | undefined {
  const value = typeof headers.get === 'function' ? (headers as FetchHeaders).get('x-api-key') : (headers as IncomingHttpHeaders)['x-api-key'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function apiKeyFromConnectionParams(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.['x-api-key'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
