/**
 * Yoga plugin: keeps the serialized result of a cacheable query (cacheable-operation.ts) that
 * executed without errors, for the front door to serve again (front-door.ts). The decision is
 * taken from the result object; the bytes are taken from Yoga's own serialization of it (the
 * result's `stringify`, which Yoga's JSON processor calls), so nothing is serialized twice.
 */
import type { ExecutionArgs } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { rootFieldPolicies } from './cacheable-operation.js';
import { queryCacheKey, type QueryResultCache } from './query-result-cache.js';

interface ParamsContext {
  params?: { query?: string; variables?: unknown; operationName?: unknown };
}

export function useQueryCacheFill(options: { cache: QueryResultCache }): Plugin {
  const { cache } = options;
  return {
    onExecute({ args }: { args: ExecutionArgs }) {
      const params = (args.contextValue as ParamsContext).params;
      if (!cache.enabled || typeof params?.query !== 'string') return undefined;
      const policies = rootFieldPolicies(args);
      if (!policies?.cacheable) return undefined;
      const { rootFields, operationName } = policies;
      const key = queryCacheKey(params.query, params.variables, params.operationName);
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || result.errors?.length || result.extensions) return;
          setResult({
            ...result,
            stringify: (serialized: unknown) => {
              const text = JSON.stringify(serialized);
              cache.set(key, { payload: Buffer.from(text), operationName, rootFields });
              return text;
            },
          } as typeof result);
        },
      };
    },
  };
}
