/**
 * Attributes exchange calls to the GraphQL operation that caused them, for its log line.
 *
 * Why AsyncLocalStorage: the BinanceClient is shared by every request and called from deep inside
 * loaders and services that know nothing of the request; threading a counter through each of them
 * would touch every call site. The operation log runs execution inside `withUpstreamCounter`, and
 * the client's onCall hook (wired in app.ts) bumps whatever counter is current. Continuations keep
 * their async context across awaits, DataLoader batches (scheduled from the first load() of the
 * batch) and the client's concurrency queue; a fetch shared by several operations (coalesced) is
 * counted once, for the operation that started it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Exchange calls made on behalf of one operation so far. */
export interface UpstreamCallCounter {
  count: number;
}

const current = new AsyncLocalStorage<UpstreamCallCounter>();

/** Runs `fn` so that exchange calls it causes count in `counter`. */
export function withUpstreamCounter<T>(counter: UpstreamCallCounter, fn: () => T): T {
  return current.run(counter, fn);
}

/** Counts one exchange call for the operation in whose async context it is made, if any. */
export function countUpstreamCall(): void {
  const counter = current.getStore();
  if (counter) counter.count += 1;
}
