/**
 * The node:http handler every HTTP request enters by. It authenticates the request once
 * (auth/authentication.ts) and hands that to Yoga with the request, so nothing looks the key up
 * again. Two answers it gives itself, because Yoga's whole pipeline would cost far more than they
 * are worth (measured: bench/ohlcv.ts):
 *
 * - a GraphQL POST that accepts JSON and carries no valid key: UNAUTHENTICATED (401), as Yoga
 *   would answer it;
 * - a cacheable query answered in the last QUERY_CACHE_TTL_MS (use-query-cache-fill.ts): its
 *   serialized result, after the checks executing would make, through the same parts: the scopes
 *   its root fields declare, and one charge per rate-limited root field through the one limiter. A
 *   refused check is answered here too (cached-answer-refusal.ts), as cheaply as a hit;
 * - an operation executed before (operation-shapes.ts: any query or mutation, its answer cached or
 *   not) whose every root field this key would be refused: no scope for it, or a budget the limiter
 *   already knows is spent (FieldRateLimiter.knownSpent, which charges nothing). Anything less than
 *   a refusal of every root field executes, so nothing is charged twice.
 *
 * Everything else goes to Yoga. Requests with an Origin header always do, so that CORS headers are
 * never replayed to another origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusalMessages, type Authentication, type RefusalReason } from '../auth/authentication.js';
import type { Viewer } from '../auth/viewer.js';
import type { Logger } from '../observability/logger.js';
import type { FieldRateLimiter } from '../rate-limit/field-rate-limiter.js';
import { refusalBody, type Refusal } from './cached-answer-refusal.js';
import { jsonMediaType } from './json-media-type.js';
import type { OperationShape, OperationShapes } from './operation-shapes.js';
import { queryCacheKey, type CachedResult, type CachedRootField, type QueryResultCache } from './query-result-cache.js';

/** What the door hands Yoga with each request (Yoga's server context). */
export interface DoorContext {
  authentication: Authentication;
}

export interface FrontDoorOptions {
  /** Yoga's node handler. */
  yoga: (request: IncomingMessage, response: ServerResponse, context: DoorContext) => unknown;
  /** The one key lookup (auth/authentication.ts) for a request's headers. */
  authenticate: (request: IncomingMessage) => Authentication;
  cache: QueryResultCache;
  /** Root fields and policies of operations executed before, for refusals without executing. */
  shapes: OperationShapes;
  limiter: Pick<FieldRateLimiter, 'charge' | 'knownSpent'>;
  logger: Logger;
  /** Largest request body the door reads itself; larger ones go to Yoga untouched. @default 16 KiB */
  maxBodyBytes?: number;
  /** Called for every request the door answers itself, refused or served (logs, metrics). */
  onAnswered?: (answer: DoorAnswer) => void;
}

/** A request the door answered itself. */
export interface DoorAnswer {
  /** Null when it was refused for want of a valid key. */
  viewer: Viewer | null;
  operationName: string | undefined;
  /** The operation's type; 'unknown' for requests refused before their operation was read. */
  operationType: 'query' | 'mutation' | 'unknown';
  /** Answered from the query result cache (served or refused). */
  cached: boolean;
  durationMs: number;
  errorCodes: string[];
}

const unauthenticatedBodies = Object.fromEntries(
  Object.entries(refusalMessages).map(([reason, message]) => [reason, Buffer.from(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] }))]),
) as Record<RefusalReason, Buffer>;

export function createFrontDoor(options: FrontDoorOptions) {
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;

  const answer = (request: IncomingMessage, response: ServerResponse, status: number, body: Buffer): void => {
    // The media type this client negotiates (GraphQL over HTTP), not the one of whoever filled the entry.
    const contentType = `${jsonMediaType(request.headers.accept) ?? 'application/json'}; charset=utf-8`;
    response.writeHead(status, { 'content-type': contentType, 'content-length': body.length });
    response.end(body);
  };

  /** A refusal of `field` for lack of a scope, or undefined when the key holds one it asks for. */
  const scopeRefusal = (field: CachedRootField, viewer: Viewer): Refusal | undefined => {
    const scopes = field.policy?.scopes;
    // authScopes' object form means "any of these" (Pothos scope-auth).
    if (!scopes || scopes.length === 0 || scopes.some((scope) => viewer.scopes.includes(scope as Viewer['scopes'][number]))) return undefined;
    return { field, code: 'FORBIDDEN', message: `This API key lacks the scope that ${field.policy?.coordinate ?? field.responseKey} needs.` };
  };

  const report = (viewer: Viewer, shape: Pick<OperationShape, 'operationName' | 'operationType'>, cached: boolean, refusals: readonly Refusal[], started: number) =>
    options.onAnswered?.({
      viewer,
      operationName: shape.operationName,
      operationType: shape.operationType,
      cached,
      durationMs: performance.now() - started,
      errorCodes: [...new Set(refusals.map((refusal) => refusal.code))],
    });

  const serveCached = async (entry: CachedResult, viewer: Viewer, request: IncomingMessage, response: ServerResponse, started: number) => {
    const refusals: Refusal[] = [];
    for (const field of entry.rootFields) {
      const policy = field.policy;
      if (!policy) continue;
      const forbidden = scopeRefusal(field, viewer);
      if (forbidden) {
        refusals.push(forbidden);
        continue;
      }
      if (!policy.rateLimit) continue;
      const verdict = await options.limiter.charge({ viewerId: viewer.id, policy, args: field.args, failOpen: true });
      if (!verdict.allowed) refusals.push({ field, code: 'RATE_LIMITED', message: verdict.message, retryAfter: verdict.retryAfterSeconds });
    }
    if (refusals.length === 0) options.cache.hits++;
    answer(request, response, 200, refusals.length === 0 ? entry.payload : refusalBody(refusals, entry.payload));
    report(viewer, { operationName: entry.operationName, operationType: 'query' }, true, refusals, started);
  };

  /** Refuses the operation here when every root field would be refused; false (nothing done) otherwise. */
  const refuseKnown = (shape: OperationShape, viewer: Viewer, request: IncomingMessage, response: ServerResponse, started: number): boolean => {
    const refusals: Refusal[] = [];
    for (const field of shape.rootFields) {
      const forbidden = scopeRefusal(field, viewer);
      if (forbidden) {
        refusals.push(forbidden);
        continue;
      }
      const { policy } = field;
      const spent = policy?.rateLimit ? options.limiter.knownSpent({ viewerId: viewer.id, policy, args: field.args }) : undefined;
      if (!spent || spent.allowed) return false;
      refusals.push({ field, code: 'RATE_LIMITED', message: spent.message, retryAfter: spent.retryAfterSeconds });
    }
    if (refusals.length === 0) return false;
    answer(request, response, 200, refusalBody(refusals));
    report(viewer, shape, false, refusals, started);
    return true;
  };

  return (request: IncomingMessage, response: ServerResponse): void => {
    const authentication = options.authenticate(request);
    const declaredLength = Number(request.headers['content-length'] ?? Number.NaN);
    const isJsonGraphQLPost =
      request.method === 'POST' &&
      request.url?.startsWith('/graphql') === true &&
      request.headers.origin === undefined &&
      request.headers['content-type']?.startsWith('application/json') === true &&
      jsonMediaType(request.headers.accept) !== undefined;
    // A body too large to read here, or nothing the door could answer: Yoga's, untouched.
    if (!isJsonGraphQLPost || !(declaredLength > 0 && declaredLength <= maxBodyBytes)) {
      void options.yoga(request, response, { authentication });
      return;
    }
    const started = performance.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('error', () => response.destroy());
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params = operationParams(body);
      const toYoga = () => {
        // The stream is consumed; whatwg-node takes a string body from here (its body-parser support).
        (request as IncomingMessage & { body?: string }).body = body;
        void options.yoga(request, response, { authentication });
      };
      if (!authentication.viewer) {
        answer(request, response, 401, unauthenticatedBodies[authentication.reason]);
        options.onAnswered?.({
          viewer: null,
          operationName: params && operationNameOf(params),
          operationType: 'unknown',
          cached: false,
          durationMs: performance.now() - started,
          errorCodes: ['UNAUTHENTICATED'],
        });
        return;
      }
      if (!params) return toYoga();
      const key = queryCacheKey(params.query, params.variables, params.operationName);
      const entry = options.cache.get(key);
      if (!entry) {
        const shape = options.shapes.get(key);
        if (!shape || !refuseKnown(shape, authentication.viewer, request, response, started)) toYoga();
        return;
      }
      serveCached(entry, authentication.viewer, request, response, started).catch((error: unknown) => {
        options.logger.error({ err: error }, 'answering from the query cache failed; executing instead');
        toYoga();
      });
    });
  };
}

interface OperationParams {
  query: string;
  variables: Record<string, unknown> | null | undefined;
  operationName: string | null | undefined;
}

/**
 * A request body's GraphQL parameters when they are well formed (as Yoga checks them); undefined
 * otherwise, and Yoga answers it with the proper error.
 */
function operationParams(body: string): OperationParams | undefined {
  let params: unknown;
  try {
    params = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const { query, variables, operationName, extensions } = params as Record<string, unknown>;
  const isObjectOrAbsent = (value: unknown) => value == null || (typeof value === 'object' && !Array.isArray(value));
  if (typeof query !== 'string' || !isObjectOrAbsent(variables) || !isObjectOrAbsent(extensions)) return undefined;
  if (operationName != null && typeof operationName !== 'string') return undefined;
  return { query, variables: variables as OperationParams['variables'], operationName };
}

/**
 * The operation's name for the log line of a refused request, without parsing the document: the
 * operationName parameter, else the name of a first `query|mutation|subscription Name`.
 */
function operationNameOf(params: OperationParams): string | undefined {
  if (params.operationName) return params.operationName;
  return /^(?:\s|#[^\n]*\n)*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(params.query)?.[1];
}
