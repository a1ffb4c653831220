/**
 * Decides whether a request's result may be served from the query result cache: a query (never a
 * mutation or subscription) whose root fields are all market data, without @stream/@defer (those
 * are incremental responses). Also lists the scopes and rate-limited root field calls that every
 * hit must still be checked and charged for, exactly as executing it would.
 */
import { getDirective } from '@graphql-tools/utils';
import {
  getNamedType,
  isObjectType,
  Kind,
  OperationTypeNode,
  parse,
  valueFromAST,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Scope } from '../auth/scopes.js';
import type { ChargedField } from './query-result-cache.js';

/** Query fields whose results are the same for every caller with the read scope. */
const marketDataFields = new Set(['ohlcv', 'market', 'markets', '__typename']);

export interface CacheableOperation {
  operationName: string | undefined;
  scopes: readonly Scope[];
  charged: ChargedField[];
}

interface RequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export function analyzeCacheable(schema: GraphQLSchema, bodyText: string): CacheableOperation | undefined {
  let body: RequestBody;
  try {
    body = JSON.parse(bodyText) as RequestBody;
  } catch {
    return undefined; // Not JSON: Yoga answers it with the proper error.
  }
  if (typeof body.query !== 'string' || /@(stream|defer)\b/.test(body.query)) return undefined;
  let operation: OperationDefinitionNode | undefined;
  try {
    const document = parse(body.query, { noLocation: true });
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    operation = typeof body.operationName === 'string' ? operations.find((o) => o.name?.value === body.operationName) : operations.length === 1 ? operations[0] : undefined;
  } catch {
    return undefined; // A syntax error: Yoga answers it.
  }
  if (!operation || operation.operation !== OperationTypeNode.QUERY) return undefined;
  const queryType = schema.getQueryType();
  const variables = (body.variables && typeof body.variables === 'object' ? body.variables : {}) as Record<string, unknown>;
  const charged: ChargedField[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !marketDataFields.has(selection.name.value) || selection.directives?.length) return undefined;
    const field = queryType?.getFields()[selection.name.value];
    if (!field) {
      if (selection.name.value === '__typename') continue;
      return undefined;
    }
    if (selection.selectionSet && hasNestedCost(schema, getNamedType(field.type).name, selection.selectionSet)) return undefined;
    const limit = rateLimitOf(schema, field);
    if (!limit) continue;
    const args: Record<string, unknown> = {};
    for (const argument of field.args) {
      const node = selection.arguments?.find((a) => a.name.value === argument.name);
      args[argument.name] = node ? valueFromAST(node.value, argument.type, variables) : argument.defaultValue;
    }
    charged.push({ coordinate: `Query.${field.name}`, limit, args });
  }
  return { operationName: operation.name?.value, scopes: ['read'], charged };
}

function rateLimitOf(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>): { max: number; window: string } | undefined {
  const args = getDirective(schema, field, 'rateLimit')?.[0];
  return args ? { max: Number(args['max']), window: String(args['window']) } : undefined;
}

/**
 * True when a nested selection calls a rate-limited field (Market.candles) or uses a fragment
 * spread: its number of calls depends on the data, so a hit could not charge it exactly; such
 * operations always execute.
 */
function hasNestedCost(schema: GraphQLSchema, typeName: string, selectionSet: SelectionSetNode): boolean {
  const type = schema.getType(typeName);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) return true;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner = selection.typeCondition?.name.value ?? typeName;
      if (hasNestedCost(schema, inner, selection.selectionSet)) return true;
      continue;
    }
    if (!isObjectType(type)) continue;
    const field = type.getFields()[selection.name.value];
    if (!field) continue;
    if (rateLimitOf(schema, field)) return true;
    if (selection.selectionSet && hasNestedCost(schema, getNamedType(field.type).name, selection.selectionSet)) return true;
  }
  return false;
}
