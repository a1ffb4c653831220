/**
 * One GraphQL operation over each transport the contract names (HTTP, SSE, WebSocket), reduced to
 * what the security suite checks: the HTTP status or close code, and the first result's error codes.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export type Transport = 'http' | 'sse' | 'ws';

export interface FirstResult {
  /** HTTP status (http, sse). */
  status?: number;
  /** Close code when the WebSocket server closed the connection instead of answering (ws). */
  closeCode?: number;
  /** extensions.code of each error of the first result. */
  codes: unknown[];
  /** Whether the first result carried data for the operation. */
  hasData: boolean;
  /** Everything the client received, for leak checks. */
  raw: string;
}

interface ResultBody {
  data?: unknown;
  errors?: { extensions?: Record<string, unknown> }[];
}

const firstResultTimeoutMs = 10_000;

function summarize(body: ResultBody, raw: string, status?: number): FirstResult {
  const codes = (body.errors ?? []).map((e) => e.extensions?.['code']);
  const hasData = body.data !== null && body.data !== undefined;
  return { status, codes, hasData, raw };
}

/** A subscription that stays open and silent this long counts as accepted (one that tells nothing until something happens). */
type QuietMs = number | undefined;

const quiet = (status?: number): FirstResult => ({ status, codes: [], hasData: false, raw: '(open, nothing sent yet)' });

async function overHttp(url: string, query: string, variables: object | undefined, apiKey?: string): Promise<FirstResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey !== undefined) headers['x-api-key'] = apiKey;
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const raw = await response.text();
  return summarize(JSON.parse(raw) as ResultBody, raw, response.status);
}

/** POST with Accept: text/event-stream (Yoga's SSE); reads until the first `next` event. */
async function overSse(url: string, query: string, variables: object | undefined, apiKey?: string, quietMs?: QuietMs): Promise<FirstResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (apiKey !== undefined) headers['x-api-key'] = apiKey;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), firstResultTimeoutMs);
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: abort.signal,
    });
    if (!response.body) throw new Error('SSE response without a body');
    const decoder = new TextDecoder();
    let raw = '';
    const reading = (async () => {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        raw += decoder.decode(chunk, { stream: true });
        const event = /event: next\ndata: (.*)\n\n/.exec(raw);
        if (event?.[1]) return summarize(JSON.parse(event[1]) as ResultBody, raw, response.status);
      }
      throw new Error(`SSE stream ended without a result: ${raw}`);
    })();
    if (quietMs === undefined || response.status !== 200) return await reading;
    reading.catch(() => undefined);
    return await Promise.race([reading, new Promise<FirstResult>((resolve) => setTimeout(() => resolve(quiet(response.status)), quietMs))]);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

/** graphql-transport-ws with the key in connectionParams; resolves on the first result or close. */
function overWebSocket(url: string, query: string, variables: object | undefined, apiKey?: string, quietMs?: QuietMs): Promise<FirstResult> {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: apiKey === undefined ? {} : { 'x-api-key': apiKey },
    retryAttempts: 0,
  });
  return new Promise<FirstResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no WebSocket result in time')), firstResultTimeoutMs);
    const quietTimer = quietMs === undefined ? undefined : setTimeout(() => finish(quiet()), quietMs);
    const finish = (result: FirstResult | Error) => {
      clearTimeout(timer);
      clearTimeout(quietTimer);
      void client.dispose();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    client.subscribe(
      { query, variables: variables as Record<string, unknown> | undefined },
      {
        next: (result) => finish(summarize(result as ResultBody, JSON.stringify(result))),
        error: (error: unknown) => {
          if (Array.isArray(error)) finish(summarize({ errors: error as ResultBody['errors'] }, JSON.stringify(error)));
          else if (error && typeof error === 'object' && 'code' in error) {
            const { code, reason } = error as { code: number; reason?: string };
            finish({ closeCode: code, codes: [], hasData: false, raw: String(reason ?? '') });
          } else finish(error instanceof Error ? error : new Error(String(error)));
        },
        complete: () => finish(new Error('completed without a result')),
      },
    );
  });
}

/** The first result of `query` over `transport`, with `apiKey` (or none). */
export function firstResult(
  transport: Transport,
  url: string,
  query: string,
  options: { variables?: object; apiKey?: string; quietMs?: number } = {},
): Promise<FirstResult> {
  if (transport === 'http') return overHttp(url, query, options.variables, options.apiKey);
  const run = transport === 'sse' ? overSse : overWebSocket;
  return run(url, query, options.variables, options.apiKey, options.quietMs);
}
