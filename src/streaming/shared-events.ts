/**
 * Whether an operation subscribes to one field whose events are shared by all its subscribers and
 * nothing else (the field declares `sharedEvents`: candles, orderBook, trades, ticker): what the
 * shared-results plugin optimizes. Each event of these is one object for every subscriber of the
 * stream, and its result does not depend on who asks.
 */
import { getOperationAST, Kind, OperationTypeNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldPolicyOf } from '../schema/field-policy.js';

export function isSharedEventsSubscription(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  const selections = operation?.selectionSet.selections;
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION || selections?.length !== 1) return false;
  const selection = selections[0];
  if (selection?.kind !== Kind.FIELD) return false;
  const field = schema.getSubscriptionType()?.getFields()[selection.name.value];
  return field !== undefined && fieldPolicyOf(field)?.sharedEvents === true;
}
