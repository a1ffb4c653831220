/**
 * The node:http request handler in front of Yoga. A market-data query whose serialized result is in
 * the query result cache is answered from it, after the same checks execution would make (a valid
 * key with the read scope, and one charge per rate-limited root field): the hot path of a chart
 * reloading history skips parsing, validation, execution and serialization. Everything else, and
 * every miss, goes to Yoga; a miss's successful JSON answer is kept for `ttlMs`.
 *
 * Requests with an Origin header always go to Yoga, so CORS headers are never replayed to another
 * origin. Results are at most `ttlMs` older than the candle cache (whose forming block itself lives
 * a few seconds); live data is what subscriptions are for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { ApiKeyRegistry } from '../auth/api-key-registry.js';
import type { Viewer } from '../context.js';
import { analyzeCacheable, type CacheableOperation } from './cacheable-operation.js';
import type { CachedResult, ChargedField, QueryResultCache } from './query-result-cache.js';

export interface CachedQueryHandlerOptions {
  /** Yoga's node handler. */
  yoga: (request: IncomingMessage, response: ServerResponse) => unknown;
  schema: GraphQLSchema;
  registry: ApiKeyRegistry;
  cache: QueryResultCache;
  /** How long a result is served from the cache, ms. @default 1000 */
  ttlMs?: number;
  /** Largest request body the handler reads itself; larger ones go to Yoga untouched. @default 16 KiB */
  maxBodyBytes?: number;
  /** Charges the rate-limited fields of a hit; false when a budget is spent (Yoga then answers with RATE_LIMITED). */
  charge: (viewer: Viewer, fields: readonly ChargedField[]) => Promise<boolean>;
  /** Called for every request answered from the cache (logs, metrics). */
  onHit?: (hit: { viewer: Viewer; operationName: string | undefined; durationMs: number }) => void;
}

export function createCachedQueryHandler(options: CachedQueryHandlerOptions) {
  const ttlMs = options.ttlMs ?? 1000;
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;

  const toYoga = (request: IncomingMessage, response: ServerResponse) => {
    void options.yoga(request, response);
  };

  const tryHit = async (entry: CachedResult, request: IncomingMessage, started: number): Promise<Viewer | undefined> => {
    const key = request.headers['x-api-key'];
    const viewer = typeof key === 'string' ? options.registry.authenticate(key) : null;
    if (!viewer || !entry.scopes.every((scope) => viewer.scopes.includes(scope))) return undefined;
    if (entry.charged.length > 0 && !(await options.charge(viewer, entry.charged))) return undefined;
    options.onHit?.({ viewer, operationName: entry.operationName, durationMs: performance.now() - started });
    return viewer;
  };

  return (request: IncomingMessage, response: ServerResponse): void => {
    const declaredLength = Number(request.headers['content-length'] ?? Number.NaN);
    if (
      request.method !== 'POST' ||
      !request.url?.startsWith('/graphql') ||
      request.headers.origin !== undefined ||
      !request.headers['content-type']?.startsWith('application/json') ||
      jsonMediaType(request.headers.accept) === undefined ||
      !(declaredLength > 0 && declaredLength <= maxBodyBytes)
    ) {
      toYoga(request, response);
      return;
    }
    const started = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => response.destroy());
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // The stream is consumed; whatwg-node takes a string body from here (its body-parser support).
      (request as IncomingMessage & { body?: string }).body = body;
      const entry = options.cache.get(body, Date.now());
      if (entry) {
        tryHit(entry, request, started).then(
          (viewer) => {
            if (!viewer) {
              toYoga(request, response);
              return;
            }
            options.cache.hits++;
            // The media type this client negotiates, not the one of the request that filled the entry
            // (GraphQL over HTTP: the response must match the Accept header); a success's body is the same in both.
            const contentType = `${jsonMediaType(request.headers.accept) ?? 'application/json'}; charset=utf-8`;
            response.writeHead(200, { 'content-type': contentType, 'content-length': entry.payload.length });
            response.end(entry.payload);
          },
          () => toYoga(request, response),
        );
        return;
      }
      const operation = analyzeCacheable(options.schema, body);
      if (operation && ttlMs > 0) captureForCache(response, body, operation, options.cache, ttlMs);
      toYoga(request, response);
    });
  };
}

/**
 * The JSON media type Yoga would answer a query with, from the Accept header, or undefined when
 * Yoga would pick another (or none). As Yoga does: a missing header means any type, only utf-8
 * charsets count, the first acceptable range in the header wins, and a wildcard means application/json.
 */
function jsonMediaType(accept: string | undefined): string | undefined {
  for (const range of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [type, ...params] = range.split(';');
    const charset = params.find((param) => param.startsWith('charset='));
    if (!type || (charset !== undefined && charset !== 'charset=utf-8')) continue;
    if (type === 'application/graphql-response+json') return type;
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'application/json';
  }
  return undefined;
}

/** Keeps what Yoga writes; stores it when it is a complete, error-free JSON result. */
function captureForCache(
  response: ServerResponse,
  body: string,
  operation: CacheableOperation,
  cache: QueryResultCache,
  ttlMs: number,
): void {
  const chunks: Buffer[] = [];
  const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  // whatwg-node hands Yoga's headers to writeHead in one object, which getHeader() cannot read back.
  let headContentType: string | undefined;
  response.writeHead = (...args: unknown[]) => {
    const headers = args.find((arg): arg is Record<string, unknown> => typeof arg === 'object' && arg !== null && !Array.isArray(arg));
    const found = headers && Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type');
    if (found) headContentType = String(found[1]);
    return writeHead(...args);
  };
  const keep = (chunk: unknown) => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as typeof response.write;
  response.end = ((...args: unknown[]) => {
    if (args[0] !== undefined && typeof args[0] !== 'function') keep(args[0]);
    const contentType = String(response.getHeader('content-type') ?? headContentType ?? '');
    const payload = Buffer.concat(chunks);
    if (response.statusCode === 200 && contentType.includes('json') && !payload.includes('"errors":')) {
      cache.set(body, {
        payload,
        contentType,
        expiresAt: Date.now() + ttlMs,
        scopes: operation.scopes,
        charged: operation.charged,
        operationName: operation.operationName,
      });
    }
    return end(...args);
  }) as typeof response.end;
}
