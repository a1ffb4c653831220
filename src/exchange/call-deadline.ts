/**
 * One deadline for a whole exchange call: the back-off check, the wait for a concurrency slot and
 * for weight, every attempt and the back-off between retries. The contract promises an answer
 * within `2 × BINANCE_TIMEOUT_MS` (totalTimeoutMs); the call is cut a margin earlier, so the
 * mapping of the error, the resolver and the write to the client fit inside the promise too (a
 * hung exchange was once answered after 20,024 ms of a promised 20,000).
 */
import { ExchangeUnavailableError } from './errors.js';

/** The margin kept below the promised bound: 5% of it, at least 100 ms, at most 500 ms. */
export function callDeadlineMs(totalTimeoutMs: number): number {
  const margin = Math.min(500, Math.max(100, Math.round(totalTimeoutMs * 0.05)));
  return Math.max(1, totalTimeoutMs - margin);
}

/**
 * Runs `work` and rejects with a timeout ExchangeUnavailableError at `deadline` (epoch ms) if it has
 * not settled by then. `work` gets `expired()` to check before it sends anything late; whatever it
 * started is cut by its own abort signal set to the same deadline.
 */
export function withDeadline<T>(
  deadline: number,
  endpoint: string,
  mayHaveExecuted: boolean,
  work: (expired: () => boolean) => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const expired = () => timedOut || Date.now() >= deadline;
  const cut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => {
        timedOut = true;
        reject(new ExchangeUnavailableError(`${endpoint}: the exchange did not answer in time (deadline)`, endpoint, mayHaveExecuted, undefined, 'timeout', 'deadline'));
      },
      Math.max(0, deadline - Date.now()),
    );
  });
  const running = work(expired);
  // The loser of the race must not become an unhandled rejection.
  running.catch(() => undefined);
  return Promise.race([running, cut]).finally(() => clearTimeout(timer));
}
