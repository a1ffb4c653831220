/**
 * How many candles an operation asks for in total, read from its document and variables before
 * anything loads: every ohlcv field's limit, and every Market.candles limit times the markets it
 * runs for (one under market, the symbols' count under markets). Timing-independent, unlike adding
 * up limits as resolvers happen to run.
 */
import { Kind, valueFromASTUntyped, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { defaultCandleLimit } from './candle-limits.js';

export function plannedCandles(info: GraphQLResolveInfo): number {
  return sumSelection(info, info.operation.selectionSet, 1, true);
}

function argValue(info: GraphQLResolveInfo, node: { arguments?: readonly { name: { value: string }; value: never }[] }, name: string): unknown {
  const argument = node.arguments?.find((a) => a.name.value === name);
  return argument ? valueFromASTUntyped(argument.value, info.variableValues) : undefined;
}

function sumSelection(info: GraphQLResolveInfo, selectionSet: SelectionSetNode, markets: number, atRoot: boolean): number {
  let total = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += sumSelection(info, selection.selectionSet, markets, atRoot);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = info.fragments[selection.name.value];
      if (fragment) total += sumSelection(info, fragment.selectionSet, markets, atRoot);
      continue;
    }
    const field = selection as unknown as Parameters<typeof argValue>[1] & { name: { value: string }; selectionSet?: SelectionSetNode };
    const name = field.name.value;
    const limit = Number(argValue(info, field, 'limit') ?? defaultCandleLimit);
    if (atRoot && name === 'ohlcv') total += Number.isFinite(limit) ? limit : 0;
    else if (!atRoot && name === 'candles') total += markets * (Number.isFinite(limit) ? limit : 0);
    else if (atRoot && name === 'market' && field.selectionSet) total += sumSelection(info, field.selectionSet, 1, false);
    else if (atRoot && name === 'markets' && field.selectionSet) {
      const symbols = argValue(info, field, 'symbols');
      total += sumSelection(info, field.selectionSet, Array.isArray(symbols) ? symbols.length : 1, false);
    }
  }
  return total;
}
