/**
 * Yoga plugin: the items of a @stream list that one incremental payload carries go out as one entry,
 * `{"items": [every item], "path": [..., index of the first]}`, as the incremental delivery format
 * allows (its `items` is a list), instead of one entry per item. Why: the executor completes each
 * streamed item as a record of its own, and a payload then carries a whole page of candles (1,000)
 * as 1,000 entries, each with its own `items`, `path` and brackets, a third of the bytes of a long
 * range (measured in bench/ohlcv.ts). Entries are merged only where they follow each other in the
 * payload, belong to the same list and label, continue its indices, and carry no errors or
 * extensions, so a client applying them in order builds the very same list.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

type Path = readonly (string | number)[];

interface Increment {
  items?: unknown[];
  data?: unknown;
  path?: Path;
  label?: string;
  errors?: unknown[];
  extensions?: unknown;
}

/** Whether `next` continues the list `entry` is streaming, right after its last item. */
function continues(entry: Increment, next: Increment): boolean {
  const { path: at, items } = entry;
  const { path: nextAt } = next;
  if (!items || !next.items || !at || !nextAt || at.length !== nextAt.length || at.length === 0) return false;
  if (entry.errors || next.errors || entry.extensions || next.extensions || entry.label !== next.label) return false;
  const last = at.length - 1;
  if (!at.slice(0, last).every((segment, i) => segment === nextAt[i])) return false;
  return typeof at[last] === 'number' && nextAt[last] === at[last] + items.length;
}

/** The payload's incremental entries with runs of one list's items merged into one entry each. */
export function batchStreamedItems(incremental: readonly Increment[]): Increment[] {
  const merged: Increment[] = [];
  for (const entry of incremental) {
    const previous = merged.at(-1);
    if (previous && continues(previous, entry)) {
      (previous.items as unknown[]).push(...(entry.items as unknown[]));
    } else {
      merged.push(entry.items ? { ...entry, items: [...entry.items] } : entry);
    }
  }
  return merged;
}

export function useBatchedStreamItems(): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: () => ({
        onNext: ({ result, setResult }) => {
          const incremental = (result as { incremental?: readonly Increment[] }).incremental;
          if (!incremental || incremental.length < 2) return;
          const batched = batchStreamedItems(incremental);
          // setResult is typed for plain results; what it is given goes to the transport as it is.
          if (batched.length < incremental.length) setResult({ ...result, incremental: batched } as unknown as ExecutionResult);
        },
      }),
    }),
  };
}
