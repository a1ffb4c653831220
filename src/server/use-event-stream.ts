/**
 * Yoga plugin: the text/event-stream response of every subscription that reaches Yoga over SSE
 * (requests the SSE door leaves to it: with an Origin header, GET, large bodies), through the
 * same writer as the door (event-stream-writer.ts) instead of Yoga's general SSE processor, which
 * re-serializes each result per subscriber and moves it through web streams.
 *
 * The body is a Readable, so whatever reads a Response body can read it. When Node's HTTP server
 * sends it (whatwg-node pipes the body into the ServerResponse), pipe() hands the response to the
 * writer instead, which writes to it directly.
 */
import { Readable, Writable } from 'node:stream';
import type { ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { completeFrame, eventStreamHeaders, nextFrame, openingFrame, writeEventStream } from './event-stream-writer.js';

class EventStreamBody extends Readable {
  private readonly results: AsyncIterator<ExecutionResult>;
  private pulling = false;
  private direct = false;
  private started = false;

  constructor(source: AsyncIterable<ExecutionResult>) {
    // A few events at most wait here; the subscriber's own queue coalesces the rest.
    super({ highWaterMark: 1024 });
    this.results = source[Symbol.asyncIterator]();
  }

  /** Read as a stream (in-process yoga.fetch): one result per read. */
  override _read(): void {
    if (this.pulling || this.direct) return;
    if (this.readableLength === 0 && !this.started) {
      this.started = true;
      this.push(openingFrame);
    }
    this.pulling = true;
    this.results.next().then(
      (result) => {
        this.pulling = false;
        if (!result.done) this.push(nextFrame(result.value));
        else {
          this.push(completeFrame);
          this.push(null);
        }
      },
      (error: unknown) => {
        this.pulling = false;
        this.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  override pipe<T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T {
    if (!(destination instanceof Writable) || this.direct || this.started) return super.pipe(destination, options);
    this.direct = true;
    destination.write(openingFrame);
    writeEventStream(this.results, destination);
    return destination;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.direct) Promise.resolve(this.results.return?.()).catch(() => undefined);
    callback(error);
  }
}

export function useEventStream(): Plugin {
  return {
    onResultProcess: (payload) => {
      const { request, result } = payload;
      if (!isAsyncIterable(result)) return;
      if (!(request.headers.get('accept') ?? '').includes('text/event-stream')) return;
      payload.setResultProcessor(
        (results, fetchAPI) =>
          new fetchAPI.Response(new EventStreamBody(results as AsyncIterable<ExecutionResult>) as unknown as BodyInit, {
            status: 200,
            headers: eventStreamHeaders,
          }),
        'text/event-stream',
      );
    },
  };
}
