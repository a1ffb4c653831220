/** Whether an operation is a candle subscription and nothing else (what the streaming plugins optimize). */
import { getOperationAST, Kind, OperationTypeNode, type DocumentNode } from 'graphql';

export function isCandlesSubscription(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  const selections = operation?.selectionSet.selections;
  return (
    operation?.operation === OperationTypeNode.SUBSCRIPTION &&
    selections?.length === 1 &&
    selections[0]?.kind === Kind.FIELD &&
    selections[0].name.value === 'candles'
  );
}
