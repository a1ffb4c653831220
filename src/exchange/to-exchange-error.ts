/**
 * What a failed exchange call was, as a typed error (errors.ts): a back-off order (429/418), a
 * server error, a rejection with Binance's `{code, msg}` body, or no answer at all, classified by
 * what happened (classify-failure.ts: DNS, refused, timeout, ...).
 */
import { HTTPError, RequestError, type Response } from 'got';
import { errorBodySchema } from './binance-schemas.js';
import { classifyFailure } from './classify-failure.js';
import { ExchangeRateLimitedError, ExchangeRejectedError, ExchangeResponseError, ExchangeUnavailableError, unavailableReasonText } from './errors.js';

/** The back-off a 429/418 orders, in seconds (Retry-After, else a minute); undefined for other answers. */
export function backOffOrder(error: HTTPError): { statusCode: number; retryAfterSeconds: number } | undefined {
  const { statusCode, headers } = error.response;
  if (statusCode !== 429 && statusCode !== 418) return undefined;
  return { statusCode, retryAfterSeconds: Math.max(1, Number(headers['retry-after']) || 60) };
}

/** `mayHaveExecuted`: the call was a POST or DELETE, which the exchange may have executed without answering. */
export function toExchangeError(error: unknown, endpoint: string, mayHaveExecuted: boolean): Error {
  if (error instanceof HTTPError) {
    const { statusCode, body } = error.response as Response<string>;
    const backOff = backOffOrder(error);
    if (backOff) return new ExchangeRateLimitedError(backOff.retryAfterSeconds, endpoint);
    if (statusCode >= 500) {
      return new ExchangeUnavailableError(`${endpoint} failed with ${statusCode}`, endpoint, mayHaveExecuted, error, 'server-error', String(statusCode));
    }
    const parsed = errorBodySchema.safeParse(safeJson(body));
    if (parsed.success) return new ExchangeRejectedError(statusCode, parsed.data.code, parsed.data.msg, endpoint);
    return new ExchangeUnavailableError(`${endpoint} answered ${statusCode} without an error body`, endpoint, false, error, 'server-error', String(statusCode));
  }
  if (error instanceof RequestError || (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))) {
    const { reason, detail } = classifyFailure(error);
    // A refused connection or an unresolvable host never reached the exchange: nothing executed.
    const sent = reason !== 'dns' && reason !== 'refused' && mayHaveExecuted;
    return new ExchangeUnavailableError(`${endpoint}: ${unavailableReasonText[reason]} (${detail})`, endpoint, sent, error, reason, detail);
  }
  // Our own parse failure, or a bug of ours (a plain Error), passes as it is.
  return error instanceof Error ? error : new ExchangeResponseError(endpoint, error);
}

export function safeJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page from a proxy, say): treated as "no error body" by the caller.
    return undefined;
  }
}
