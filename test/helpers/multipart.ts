/**
 * Reads a `multipart/mixed` GraphQL response (incremental delivery: @defer/@stream) part by part
 * as the bytes arrive, using each part's Content-Length, and notes when each part arrived.
 */

export interface MultipartPart<T = Record<string, unknown>> {
  body: T;
  /** performance.now() when the part was complete. */
  at: number;
}

const headerEnd = Buffer.from('\r\n\r\n');

/** Every part of the response, in order; `onPart` is called as each one arrives. */
export async function readMultipart<T = Record<string, unknown>>(
  response: Response,
  onPart?: (part: MultipartPart<T>, index: number) => void,
): Promise<MultipartPart<T>[]> {
  const contentType = response.headers.get('content-type') ?? '';
  if (!contentType.startsWith('multipart/mixed')) throw new Error(`not a multipart response: ${contentType}`);
  const reader = response.body?.getReader();
  if (!reader) throw new Error('multipart response without a body');
  const parts: MultipartPart<T>[] = [];
  let buffer = Buffer.alloc(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer = Buffer.concat([buffer, Buffer.from(value)]);
    for (;;) {
      const headersAt = buffer.indexOf(headerEnd);
      if (headersAt < 0) break;
      const headers = buffer.subarray(0, headersAt).toString('utf8');
      const length = Number(/content-length:\s*(\d+)/i.exec(headers)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`multipart part without Content-Length: ${headers}`);
      const bodyStart = headersAt + headerEnd.length;
      if (buffer.length < bodyStart + length) break;
      const part = { body: JSON.parse(buffer.subarray(bodyStart, bodyStart + length).toString('utf8')) as T, at: performance.now() };
      parts.push(part);
      onPart?.(part, parts.length - 1);
      buffer = buffer.subarray(bodyStart + length);
    }
  }
  return parts;
}
