/**
 * Yoga plugin: records the shape of every query and mutation that executes (operation-shapes.ts),
 * so that the front door can refuse the same request itself the next time, when the calling key
 * lacks a root field's scope or has spent its budget.
 */
import { getOperationAST, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { policedRootFields } from './cacheable-operation.js';
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
      const policed = policedRootFields(args.schema, args.document, args.operationName, args.variableValues);
      if (!policed) return;
      options.shapes.set(key, { ...policed, operationName: getOperationAST(args.document, args.operationName)?.name?.value });
    },
  };
}
