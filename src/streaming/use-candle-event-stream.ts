/**
 * Yoga plugin: the text/event-stream response of a relayed-stream subscription (candles, orderBook,
 * trades, ticker: candles-operation.ts), with less work per event
 * than Yoga's general SSE processor and the same bytes on the wire (`:` first, `event: next` /
 * `data: <json>` per result, `event: complete` at the end, a `:` ping every 12 s), so graphql-sse
 * clients see no difference. Why: with 1,000 subscribers of one stream, every update is written
 * 1,000 times, and Yoga's processor re-serializes the same result for each, encodes it in pieces and
 * moves it through a web ReadableStream. Here each result is serialized and encoded once (results
 * are shared between subscribers, see use-shared-candle-results.ts) and written from a Node
 * Readable piped into the response, which pulls the next result only as the socket drains.
 */
import { Readable } from 'node:stream';
import type { DocumentNode, ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { isSharedStreamSubscription } from './candles-operation.js';

/** As Yoga does, so that proxies keep an idle stream open. */
const pingEveryMs = 12_000;
const opening = Buffer.from(':\n\n');
const ping = Buffer.from(':\n\n');
const complete = Buffer.from('event: complete\ndata:\n\n');

/** A result as JSON, without the extensions Yoga keeps to itself (`http`, `unexpected`). */
function serialize(result: ExecutionResult): string {
  if (!result.errors?.length && !result.extensions) return JSON.stringify(result);
  const { http: _http, ...extensions } = result.extensions ?? {};
  const errors = result.errors?.map((error: GraphQLError) => {
    const json = error.toJSON();
    const { http: _h, unexpected: _u, ...rest } = json.extensions ?? {};
    return { ...json, extensions: Object.keys(rest).length > 0 ? rest : undefined };
  });
  return JSON.stringify({ ...result, errors, extensions: Object.keys(extensions).length > 0 ? extensions : undefined });
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

export function useCandleEventStream(): Plugin {
  const candleRequests = new WeakSet<object>();
  const chunks = new WeakMap<object, Buffer>();

  const chunkOf = (result: ExecutionResult): Buffer => {
    let chunk = chunks.get(result);
    if (!chunk) {
      chunk = Buffer.from(`event: next\ndata: ${serialize(result)}\n\n`);
      chunks.set(result, chunk);
    }
    return chunk;
  };

  const eventStream = (results: AsyncIterable<ExecutionResult>): Readable => {
    const iterator = results[Symbol.asyncIterator]();
    let pulling = false;
    const stream: Readable = new Readable({
      // A few events at most wait here; the subscriber's own queue coalesces the rest.
      highWaterMark: 1024,
      read() {
        if (pulling) return;
        pulling = true;
        iterator.next().then(
          (result) => {
            pulling = false;
            if (!result.done) stream.push(chunkOf(result.value));
            else {
              clearInterval(pinger);
              stream.push(complete);
              stream.push(null);
            }
          },
          (error: unknown) => {
            pulling = false;
            stream.destroy(error instanceof Error ? error : new Error(String(error)));
          },
        );
      },
      destroy(error, callback) {
        clearInterval(pinger);
        Promise.resolve(iterator.return?.()).catch(() => undefined);
        callback(error);
      },
    });
    stream.push(opening);
    const pinger = setInterval(() => {
      if (stream.readableLength === 0) stream.push(ping);
    }, pingEveryMs);
    pinger.unref();
    return stream;
  };

  return {
    onSubscribe: ({ args }) => {
      const { document, operationName, contextValue } = args as { document: DocumentNode; operationName?: string | null; contextValue: { request?: object } };
      if (contextValue.request && isSharedStreamSubscription(document, operationName)) candleRequests.add(contextValue.request);
    },
    onResultProcess: (payload) => {
      const { request, result } = payload;
      if (!candleRequests.has(request) || !isAsyncIterable(result)) return;
      if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) return;
      payload.setResultProcessor(
        (results, fetchAPI) =>
          new fetchAPI.Response(eventStream(results as AsyncIterable<ExecutionResult>) as unknown as BodyInit, {
            status: 200,
            headers: { 'Content-Type': 'text/event-stream', Connection: 'keep-alive', 'Cache-Control': 'no-cache', 'Content-Encoding': 'none' },
          }),
        'text/event-stream',
      );
    },
  };
}
