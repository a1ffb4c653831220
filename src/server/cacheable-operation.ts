/**
 * Decides from an operation about to execute whether its result may be served from the query
 * cache, by the policies its root fields declare (schema/field-policy.ts): a query whose root
 * fields are all `cacheable` (with scopes known up front), without @stream/@defer (incremental
 * answers) and without fragment spreads or a nested rate-limited field (their cost depends on the
 * data, so a hit could not charge it exactly). Lists what every hit must check and charge per root
 * field, as executing would.
 */
import {
  getArgumentValues,
  getOperationAST,
  isNonNullType,
  isObjectType,
  Kind,
  OperationTypeNode,
  visit,
  BREAK,
  getNamedType,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { fieldPolicyOf } from '../schema/field-policy.js';
import type { CachedRootField } from './query-result-cache.js';

/** What an executing query or mutation's root fields declare, worked out once per execution. */
export interface RootFieldPolicies {
  operationType: 'query' | 'mutation';
  /** The operation's name as the document gives it. */
  operationName: string | undefined;
  /** Every root field, with its policy (`__typename`: none) and its coerced arguments. */
  rootFields: CachedRootField[];
  /**
   * Every root field declares a policy with scopes known up front: a refusal the door can answer
   * without executing (operation-shapes.ts).
   */
  policed: boolean;
  /** A query whose result a hit may serve: every field cacheable, no data-dependent cost. */
  cacheable: boolean;
}

// The shapes and the query-cache plugins both look at every execution: the walk is made once.
const analysed = new WeakMap<ExecutionArgs, RootFieldPolicies | undefined>();

/**
 * The root fields of the executing operation and what their policies allow; undefined for a
 * subscription, an operation with incremental delivery, or a root field that carries directives,
 * declares no policy or computes its scopes per call.
 */
export function rootFieldPolicies(args: ExecutionArgs): RootFieldPolicies | undefined {
  if (analysed.has(args)) return analysed.get(args);
  const policies = analyse(args.schema, args.document, args.operationName, args.variableValues);
  analysed.set(args, policies);
  return policies;
}

function analyse(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): RootFieldPolicies | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation === OperationTypeNode.SUBSCRIPTION || usesIncrementalDelivery(document)) return undefined;
  const isQuery = operation.operation === OperationTypeNode.QUERY;
  const rootType = isQuery ? schema.getQueryType() : schema.getMutationType();
  if (!rootType) return undefined;
  const rootFields: CachedRootField[] = [];
  let policed = true;
  let cacheable = isQuery;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return undefined;
    const responseKey = selection.alias?.value ?? selection.name.value;
    const location = selection.loc ? { line: selection.loc.startToken.line, column: selection.loc.startToken.column } : undefined;
    if (selection.name.value === '__typename') {
      policed = false;
      rootFields.push({ responseKey, location, nonNull: true, policy: undefined, args: {} });
      continue;
    }
    const field = rootType.getFields()[selection.name.value];
    const policy = field && fieldPolicyOf(field);
    if (!field || !policy || policy.scopes === undefined) return undefined;
    if (cacheable && (!policy.cacheable || (selection.selectionSet && hasDataDependentCost(schema, getNamedType(field.type).name, selection.selectionSet)))) {
      cacheable = false;
    }
    rootFields.push({ responseKey, location, nonNull: isNonNullType(field.type), policy, args: getArgumentValues(field, selection, variables ?? {}) });
  }
  return { operationType: isQuery ? 'query' : 'mutation', operationName: operation.name?.value, rootFields, policed, cacheable };
}

function usesIncrementalDelivery(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'stream' || node.name.value === 'defer') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** True when a nested selection calls a rate-limited field or spreads a fragment. */
function hasDataDependentCost(schema: GraphQLSchema, typeName: string, selectionSet: SelectionSetNode): boolean {
  const type = schema.getType(typeName);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FRAGMENT_SPREAD) return true;
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (hasDataDependentCost(schema, selection.typeCondition?.name.value ?? typeName, selection.selectionSet)) return true;
      continue;
    }
    if (!isObjectType(type)) continue;
    const field = type.getFields()[selection.name.value];
    if (!field) continue;
    if (fieldPolicyOf(field)?.rateLimit) return true;
    if (selection.selectionSet && hasDataDependentCost(schema, getNamedType(field.type).name, selection.selectionSet)) return true;
  }
  return false;
}
