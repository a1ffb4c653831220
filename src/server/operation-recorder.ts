/**
 * The one place a finished GraphQL operation is accounted for: one JSON log line and the
 * operations metric. Both the Yoga plugin (use-operation-log.ts) and the cached-query fast path
 * (cached-query-handler.ts, which answers before Yoga) report here, so every operation looks the
 * same in logs and metrics however it was answered.
 *
 * The line names the API key by its id only; variables, query text and headers are never logged.
 */
import type { GraphQLError } from 'graphql';
import type { Logger } from '../observability/logger.js';
import type { GatewayMetrics, OperationSample } from '../observability/metrics.js';

export type OperationTransport = 'http' | 'ws';

/** A finished operation. */
export interface FinishedOperation {
  operation: string | undefined;
  operationType: OperationSample['type'];
  /** The API key's id, null when the request carried no valid key. */
  viewer: string | null;
  transport: OperationTransport;
  durationMs: number;
  /** Codes of the errors it ended with, in order, without repeats; empty when it succeeded. */
  errorCodes: string[];
  /** Exchange REST calls made while resolving it. */
  upstreamCalls: number;
  /** Answered from the query result cache, before Yoga. */
  cached?: boolean;
  /** Answered by the front door itself, before Yoga (a cached answer, a refusal, a request without a valid key). */
  door?: boolean;
  /** Subscriptions: events delivered. */
  events?: number;
}

/** The codes of a result's errors (extensions.code), "error" for one without a code. */
export function errorCodesOf(errors: readonly Pick<GraphQLError, 'extensions'>[] | undefined): string[] {
  const codes = new Set<string>();
  for (const error of errors ?? []) {
    const code = error.extensions?.['code'];
    codes.add(typeof code === 'string' ? code : 'error');
  }
  return [...codes];
}

export class OperationRecorder {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  record(op: FinishedOperation): void {
    const outcome = op.errorCodes[0] ?? 'ok';
    this.metrics.recordOperation({ operation: op.operation, type: op.operationType, outcome, durationMs: op.durationMs });
    if (op.cached) this.metrics.queryCacheHits.inc();
    this.logger.info(
      {
        operation: op.operation ?? null,
        operationType: op.operationType,
        viewer: op.viewer,
        transport: op.transport,
        durationMs: Math.round(op.durationMs * 10) / 10,
        outcome: op.errorCodes.length === 0 ? 'ok' : 'error',
        ...(op.errorCodes.length > 0 && { errorCodes: op.errorCodes }),
        upstreamCalls: op.upstreamCalls,
        ...(op.cached && { cached: true }),
        ...(op.door && { door: true }),
        ...(op.events !== undefined && { events: op.events }),
      },
      'operation',
    );
  }
}
