/**
 * Yoga plugin: one log line (and the operations metric) per GraphQL operation, at its end:
 * queries and mutations when their result is ready (the last incremental payload for @defer and
 * @stream), subscriptions when they end, and requests that fail before execution (parse,
 * validation, authentication) when their error result is. Execution runs inside an upstream-call
 * counter (upstream-call-scope.ts), so the line tells how many exchange calls the operation cost.
 */
import { getOperationAST, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLError } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import type { DoorContext } from './front-door.js';
import { EndableIterator } from './endable-iterator.js';
import { errorCodesOf, type FinishedOperation, type OperationRecorder } from './operation-recorder.js';
import { transportOf } from './subscription-tracker.js';
import { withUpstreamCounter, type UpstreamCallCounter } from '../observability/upstream-call-scope.js';

export interface OperationLogOptions {
  recorder: OperationRecorder;
}

interface PendingOperation {
  operation: string | undefined;
  operationType: FinishedOperation['operationType'];
  viewer: string | null;
  transport: FinishedOperation['transport'];
  started: number;
  counter: UpstreamCallCounter;
  errorCodes: Set<string>;
  events: number;
  /** Logged already (a failing stream reports its end through two hooks). */
  finished: boolean;
}

type OperationContext = Partial<GatewayContext> & { request?: Request };

export function useOperationLog(options: OperationLogOptions): Plugin {
  const { recorder } = options;
  /** When each HTTP request's parameters were parsed: the start of its operation. */
  const startedAt = new WeakMap<Request, { started: number; operationName: string | undefined }>();
  /** HTTP requests whose operation reached execution (logged there, not in onResultProcess). */
  const executed = new WeakSet<Request>();

  const begin = (args: ExecutionArgs): PendingOperation => {
    const context = args.contextValue as OperationContext;
    const operationAst = getOperationAST(args.document, args.operationName);
    if (context.request) executed.add(context.request);
    return {
      operation: operationAst?.name?.value ?? args.operationName ?? undefined,
      operationType: operationAst?.operation ?? 'unknown',
      viewer: context.viewer?.id ?? null,
      transport: transportOf(context),
      started: (context.request && startedAt.get(context.request)?.started) ?? performance.now(),
      counter: { count: 0 },
      errorCodes: new Set(),
      events: 0,
      finished: false,
    };
  };

  const finish = (pending: PendingOperation, errors?: readonly Pick<GraphQLError, 'extensions'>[]): void => {
    if (pending.finished) return;
    pending.finished = true;
    for (const code of errorCodesOf(errors)) pending.errorCodes.add(code);
    recorder.record({
      operation: pending.operation,
      operationType: pending.operationType,
      viewer: pending.viewer,
      transport: pending.transport,
      durationMs: performance.now() - pending.started,
      errorCodes: [...pending.errorCodes],
      upstreamCalls: pending.counter.count,
      ...(pending.operationType === 'subscription' && { events: pending.events }),
    });
  };

  /** Follows a stream of results (incremental delivery, subscription events) to its end. */
  const follow = <T extends ExecutionResult>(pending: PendingOperation, stream: AsyncIterable<T>) =>
    EndableIterator.around(stream, {
      onNext: (result) => {
        pending.events += 1;
        for (const code of errorCodesOf(result.errors)) pending.errorCodes.add(code);
      },
      onEnd: (error) => finish(pending, error === undefined ? undefined : [{ extensions: { code: codeOf(error) } }]),
    });

  /** A result ends the operation, or a stream of them is followed to its end. */
  const settle =
    (pending: PendingOperation) =>
    ({ result, setResult }: { result: ExecutionResult | AsyncIterable<ExecutionResult>; setResult: (result: AsyncIterableIterator<ExecutionResult>) => void }) => {
      if (isAsyncIterable(result)) setResult(follow(pending, result));
      else finish(pending, result.errors);
    };

  return {
    onParams({ request, params }) {
      startedAt.set(request, { started: performance.now(), operationName: params.operationName ?? undefined });
    },
    onValidate({ context, params }) {
      // A request that fails validation (or authentication, after it) never reaches onExecute:
      // its line still names the operation, from the parsed document.
      const request = (context as OperationContext).request;
      const started = request && startedAt.get(request);
      if (started && started.operationName === undefined) {
        started.operationName = getOperationAST(params.documentAST as DocumentNode)?.name?.value;
      }
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const pending = begin(args);
      setExecuteFn(counted(pending.counter, executeFn));
      return { onExecuteDone: settle(pending) };
    },
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const pending = begin(args);
      setSubscribeFn(counted(pending.counter, subscribeFn));
      return {
        onSubscribeResult: settle(pending),
        onSubscribeError({ error }) {
          finish(pending, [{ extensions: { code: codeOf(error) } }]);
        },
      };
    },
    onResultProcess({ request, result, serverContext }) {
      if (executed.has(request) || isAsyncIterable(result)) return;
      const started = startedAt.get(request);
      const results = Array.isArray(result) ? result : [result];
      const errors = results.flatMap((r) => r.errors ?? []);
      recorder.record({
        operation: started?.operationName,
        operationType: 'unknown',
        // A request that failed before its context was built (e.g. validation) is named by the door's lookup.
        viewer: (serverContext as Partial<DoorContext>).authentication?.viewer?.id ?? null,
        transport: 'http',
        durationMs: started ? performance.now() - started.started : 0,
        errorCodes: errorCodesOf(errors),
        upstreamCalls: 0,
      });
    },
  };
}

/** `run` (execute or subscribe) with the exchange calls it causes counted in `counter`. */
function counted<F extends (args: ExecutionArgs) => unknown>(counter: UpstreamCallCounter, run: F): F {
  return ((args: ExecutionArgs) => withUpstreamCounter(counter, (): unknown => run(args))) as F;
}

function codeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
