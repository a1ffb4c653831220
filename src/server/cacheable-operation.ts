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
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { fieldPolicyOf } from '../schema/field-policy.js';
import type { CachedRootField } from './query-result-cache.js';

/**
 * The root fields of a query or mutation, with the policy each declares (scopes known up front),
 * for a refusal the door can answer without executing (operation-shapes.ts); undefined when a root
 * field carries directives, declares no policy or computes its scopes per call, or when the
 * operation uses incremental delivery.
 */
export function policedRootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): { operationType: 'query' | 'mutation'; rootFields: CachedRootField[] } | undefined {
  const operation = getOperationAST(document, operationName);
  if (!operation || operation.operation === OperationTypeNode.SUBSCRIPTION || usesIncrementalDelivery(document)) return undefined;
  const rootType = operation.operation === OperationTypeNode.QUERY ? schema.getQueryType() : schema.getMutationType();
  if (!rootType) return undefined;
  const rootFields: CachedRootField[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return undefined;
    const field = rootType.getFields()[selection.name.value];
    const policy = field && fieldPolicyOf(field);
    if (!field || !policy || policy.scopes === undefined) return undefined;
    const location = selection.loc ? { line: selection.loc.startToken.line, column: selection.loc.startToken.column } : undefined;
    rootFields.push({
      responseKey: selection.alias?.value ?? selection.name.value,
      location,
      nonNull: isNonNullType(field.type),
      policy,
      args: getArgumentValues(field, selection, variables ?? {}),
    });
  }
  return { operationType: operation.operation === OperationTypeNode.QUERY ? 'query' : 'mutation', rootFields };
}

/** The root fields a hit of this operation checks and charges, or undefined when it is not cacheable. */
export function cacheableRootFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): CachedRootField[] | undefined {
  const operation = getOperationAST(document, operationName);
  const queryType = schema.getQueryType();
  if (!operation || operation.operation !== OperationTypeNode.QUERY || !queryType || usesIncrementalDelivery(document)) return undefined;
  const rootFields: CachedRootField[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return undefined;
    const responseKey = selection.alias?.value ?? selection.name.value;
    const location = selection.loc ? { line: selection.loc.startToken.line, column: selection.loc.startToken.column } : undefined;
    if (selection.name.value === '__typename') {
      rootFields.push({ responseKey, location, nonNull: true, policy: undefined, args: {} });
      continue;
    }
    const field = queryType.getFields()[selection.name.value];
    const policy = field && fieldPolicyOf(field);
    if (!field || !policy?.cacheable || policy.scopes === undefined) return undefined;
    if (selection.selectionSet && hasDataDependentCost(schema, getNamedType(field.type).name, selection.selectionSet)) return undefined;
    rootFields.push({ responseKey, location, nonNull: isNonNullType(field.type), policy, args: getArgumentValues(field, selection, variables ?? {}) });
  }
  return rootFields;
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
