/**
 * Yoga plugin: one execution per stream event and operation, shared by every subscriber of
 * Subscription.candles (and of the other relayed streams: orderBook, trades, ticker) that asks the
 * same thing. Why: graphql executes a subscription's selection
 * against each event once per subscriber, so 1,000 subscribers of one stream cost 1,000 identical
 * executions per update, the larger part of the fan-out's CPU and garbage (measured). The hub hands
 * the very same candle object to each of its subscribers, so results are memoized by that object
 * (weakly: they go when the candle goes), the document and the variables.
 *
 * Only operations whose single root field is one of those streams are handled (candles-operation.ts).
 * Their result does not depend on the caller: the event's fields are plain values (a book's view is
 * one object per depth), and the field's scope is checked when the subscription starts (scope-auth's
 * authorizeOnSubscribe), which still happens per subscriber.
 */
import { createSourceEventStream, execute, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isSharedStreamSubscription } from './candles-operation.js';

type Result = ExecutionResult | Promise<ExecutionResult>;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The source's items mapped one by one; return() and throw() reach the source. */
function mapAsyncIterable<T, R>(source: AsyncIterable<T>, map: (item: T) => R | Promise<R>): AsyncIterableIterator<R> {
  const iterator = source[Symbol.asyncIterator]();
  const step = async (result: IteratorResult<T>): Promise<IteratorResult<R>> =>
    result.done ? { done: true, value: undefined } : { done: false, value: await map(result.value) };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: async () => step(await iterator.next()),
    return: async () => step(iterator.return ? await iterator.return() : { done: true, value: undefined }),
    throw: async (error: unknown) => {
      if (iterator.throw) return step(await iterator.throw(error));
      throw error;
    },
  };
}

export function useSharedCandleResults(): Plugin {
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;
  const results = new WeakMap<object, Map<string, Result>>();

  const operationKey = (args: ExecutionArgs): string => {
    let id = documentIds.get(args.document);
    if (id === undefined) {
      id = nextDocumentId++;
      documentIds.set(args.document, id);
    }
    return `${id}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}`;
  };

  const shared = async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const key = operationKey(args);
    return mapAsyncIterable(source, (payload): Result => {
      if (typeof payload !== 'object' || payload === null) return execute({ ...args, rootValue: payload });
      let byOperation = results.get(payload);
      if (!byOperation) {
        byOperation = new Map();
        results.set(payload, byOperation);
      }
      let result = byOperation.get(key);
      if (!result) {
        result = execute({ ...args, rootValue: payload });
        byOperation.set(key, result);
      }
      return result;
    });
  };

  return {
    onSubscribe: (payload) => {
      const { document, operationName } = payload.args as { document: DocumentNode; operationName?: string | null };
      if (isSharedStreamSubscription(document, operationName)) payload.setSubscribeFn(shared);
    },
  };
}
