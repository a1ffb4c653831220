/**
 * Yoga plugin: records the shape of every query and mutation that executes (operation-shapes.ts),
 * so that the front door can refuse the same request itself the next time, when the calling key
 * lacks a root field's scope or has spent its budget.
 */
import type { ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { rootFieldPolicies } from './cacheable-operation.js';
import type { OperationShapes } from './operation-shapes.js';
import { queryCacheKey } from './query-result-cache.js';

interface ParamsContext {
  params?: { query?: string; variables?: unknown; operationName?: unknown };
}

export function useOperationShapes(options: { shapes: OperationShapes }): Plugin {
  return {
    onExecute({ args }: { args: ExecutionArgs }) {
      const params = (args.contextValue as ParamsContext).params;
      if (typeof params?.query !== 'string') return;
      const key = queryCacheKey(params.query, params.variables, params.operationName);
      if (options.shapes.has(key)) return;
      const policies = rootFieldPolicies(args);
      if (!policies?.policed) return;
      const { operationType, rootFields, operationName } = policies;
      options.shapes.set(key, { operationType, rootFields, operationName });
    },
  };
}
