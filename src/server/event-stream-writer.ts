/**
 * Writes a subscription's results to an HTTP response as server-sent events, byte for byte as
 * Yoga does (`:` first, `event: next` / `data: <json>` per result, `event: complete` at the end,
 * a `:` ping when nothing was sent for 12 s), so graphql-sse clients see no difference.
 *
 * Why its own writer: with thousands of subscribers every event is written thousands of times.
 * Each result is serialized and encoded once, however many subscribers get it (results of one
 * event are shared between subscribers asking the same thing: use-shared-candle-results.ts), and
 * written straight to the response; the next result is pulled as soon as the write is taken, or
 * after 'drain', so a slow reader's own queue coalesces meanwhile. Two promises per event and
 * subscriber, no web streams (measured: bench/RESULTS.md).
 */
import type { Writable } from 'node:stream';
import type { ExecutionResult, GraphQLError } from 'graphql';

export const eventStreamHeaders = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'no-cache',
  'Content-Encoding': 'none',
} as const;

/** As Yoga does, so that proxies keep an idle stream open. */
const pingEveryMs = 12_000;
/** A comment frame: opens the stream at once, and keeps an idle one open. */
export const openingFrame = Buffer.from(':\n\n');
export const completeFrame = Buffer.from('event: complete\ndata:\n\n');

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

const frames = new WeakMap<object, Buffer>();

/** The `event: next` frame of a result, encoded once per result object whoever sends it. */
export function nextFrame(result: ExecutionResult): Buffer {
  let frame = frames.get(result);
  if (!frame) {
    frame = Buffer.from(`event: next\ndata: ${serialize(result)}\n\n`);
    frames.set(result, frame);
  }
  return frame;
}

/**
 * Pulls `results` and writes each to `out` until the results end (then `event: complete` and the
 * end of the response), `out` closes (then the results are returned), or they fail (then `out` is
 * destroyed). The opening frame is the caller's to write.
 */
export function writeEventStream(results: AsyncIterator<ExecutionResult>, out: Writable): void {
  let lastWrite = Date.now();
  let finished = false;
  const finish = (): void => {
    finished = true;
    clearInterval(pinger);
  };
  const pinger = setInterval(() => {
    if (finished || out.writableEnded || Date.now() - lastWrite < pingEveryMs - 50) return;
    lastWrite = Date.now();
    out.write(openingFrame);
  }, pingEveryMs);
  pinger.unref();
  out.once('close', () => {
    if (finished) return;
    finish();
    Promise.resolve(results.return?.()).catch(() => undefined);
  });

  const deliver = (result: IteratorResult<ExecutionResult>): void => {
    if (finished || out.destroyed) return;
    if (result.done) {
      finish();
      out.end(completeFrame);
      return;
    }
    lastWrite = Date.now();
    if (out.write(nextFrame(result.value))) pull();
    else out.once('drain', pull);
  };
  const fail = (error: unknown): void => {
    if (finished) return;
    finish();
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  };
  const pull = (): void => {
    results.next().then(deliver, fail);
  };
  pull();
}
