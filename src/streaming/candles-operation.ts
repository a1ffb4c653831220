/**
 * Whether an operation subscribes to one relayed market stream and nothing else (candles, orderBook,
 * trades, ticker): what the streaming plugins optimize. Each event of these is one object shared by
 * every subscriber of the stream, and its result does not depend on who asks.
 */
import { getOperationAST, Kind, OperationTypeNode, type DocumentNode } from 'graphql';

/** The Subscription fields whose events are shared by all their subscribers. */
export const sharedStreamFields: ReadonlySet<string> = new Set(['candles', 'orderBook', 'trades', 'ticker']);

export function isSharedStreamSubscription(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  const selections = operation?.selectionSet.selections;
  return (
    operation?.operation === OperationTypeNode.SUBSCRIPTION &&
    selections?.length === 1 &&
    selections[0]?.kind === Kind.FIELD &&
    sharedStreamFields.has(selections[0].name.value)
  );
}
