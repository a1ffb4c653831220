/**
 * A small text/event-stream reader over real HTTP for tests: POSTs a GraphQL operation with
 * `Accept: text/event-stream` and collects each `next` event's payload as it arrives, with the
 * arrival time. `waitFor` resolves once a predicate holds over what has arrived.
 */
import type { GraphQLResponse } from './graphql-client.js';

export type SsePayload<T = Record<string, unknown>> = Omit<GraphQLResponse<T>, 'status'>;

export interface SseStream<T = Record<string, unknown>> {
  status: number;
  /** Every `next` payload so far, in order. */
  payloads: SsePayload<T>[];
  /** performance.now() at the arrival of each payload. */
  arrivals: number[];
  /** True once the server sent `event: complete` or ended the response. */
  readonly completed: boolean;
  /** Resolves with the payloads once `predicate` holds (checked on every arrival); rejects after timeoutMs. */
  waitFor(predicate: (payloads: SsePayload<T>[]) => boolean, timeoutMs?: number): Promise<SsePayload<T>[]>;
  /** Resolves once the stream completed. */
  ended(timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function openSse<T = Record<string, unknown>>(
  baseUrl: string,
  query: string,
  options: { variables?: Record<string, unknown>; apiKey?: string | null } = {},
): Promise<SseStream<T>> {
  const abort = new AbortController();
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
    signal: abort.signal,
  });
  const payloads: SsePayload<T>[] = [];
  const arrivals: number[] = [];
  const listeners = new Set<() => void>();
  let completed = false;
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };

  void (async () => {
    const reader = response.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (event === 'next' && data) {
            payloads.push(JSON.parse(data) as SsePayload<T>);
            arrivals.push(performance.now());
          } else if (event === 'complete') completed = true;
          else if (event === undefined && data) {
            // A non-subscription answer (an error before the stream started) comes as a bare data event.
            payloads.push(JSON.parse(data) as SsePayload<T>);
            arrivals.push(performance.now());
          }
          notify();
        }
      }
    } catch {
      // Aborted by close(), or the server cut the connection.
    }
    completed = true;
    notify();
  })();

  const until = (check: () => boolean, timeoutMs: number, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`SSE: timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(payloads.slice(-3))}`));
      }, timeoutMs);
      const listener = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve();
      };
      listeners.add(listener);
    });

  return {
    status: response.status,
    payloads,
    arrivals,
    get completed() {
      return completed;
    },
    waitFor: async (predicate, timeoutMs = 10_000) => {
      await until(() => predicate(payloads), timeoutMs, 'a condition');
      return payloads;
    },
    ended: (timeoutMs = 10_000) => until(() => completed, timeoutMs, 'the end of the stream'),
    close: () => abort.abort(),
  };
}
