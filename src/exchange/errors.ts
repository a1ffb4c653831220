/**
 * What can go wrong talking to the exchange, as classes with a stable `code`. The cause is kept
 * (non-enumerable, like got's own errors) and no request headers or signed query strings are
 * copied in, so logging one of these never prints a credential. schema/contract-errors.ts maps
 * them to the contract's codes, once, where they leave for a client.
 */

/** Binance answered with its error body `{code, msg}` (a 4xx other than 429/418). */
export class ExchangeRejectedError extends Error {
  readonly code = 'EXCHANGE_REJECTED';
  constructor(
    readonly status: number,
    readonly exchangeCode: number,
    readonly exchangeMessage: string,
    readonly endpoint: string,
  ) {
    super(`${endpoint} answered ${status} ${exchangeCode}: ${exchangeMessage}`);
    this.name = 'ExchangeRejectedError';
  }
}

/**
 * What kept the exchange from answering: `dns` (its host name does not resolve), `refused` (nothing
 * listens there), `timeout` (connected, or tried to, and no answer came in time), `reset` (the
 * connection broke mid-request), `tls`, `server-error` (a 5xx), `network` (any other socket
 * failure) and `circuit-open` (not sent: the breaker is open, exchange-breaker.ts).
 */
export type UnavailableReason = 'dns' | 'refused' | 'timeout' | 'reset' | 'tls' | 'server-error' | 'network' | 'circuit-open';

/** A reason in words, for messages and logs. */
export const unavailableReasonText: Record<UnavailableReason, string> = {
  dns: 'its host name could not be resolved (DNS)',
  refused: 'the connection was refused',
  timeout: 'it did not answer in time',
  reset: 'the connection was reset',
  tls: 'the TLS handshake failed',
  'server-error': 'it answered with a server error',
  network: 'the network failed',
  'circuit-open': 'it failed several times in a row; calls fail fast until a probe succeeds',
};

/**
 * The exchange did not answer usefully: timeout, network failure, or 5xx after the retries that were
 * safe. `outcomeUnknown` is true when the request may have been executed anyway (a POST or DELETE
 * that timed out or got a 5xx): such a request must be reconciled, never blindly re-sent. `reason`
 * says what happened (DNS, refused, timeout, ...); `detail` is the low-level code (ENOTFOUND, 503, ...).
 */
export class ExchangeUnavailableError extends Error {
  readonly code = 'EXCHANGE_UNAVAILABLE';
  constructor(
    message: string,
    readonly endpoint: string,
    readonly outcomeUnknown: boolean,
    cause?: unknown,
    readonly reason: UnavailableReason = 'network',
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ExchangeUnavailableError';
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

/**
 * Refused before it was sent: the exchange host's circuit breaker is open (or only its probe may
 * pass). Nothing reached the exchange, so the outcome is known: not executed.
 */
export class ExchangeCircuitOpenError extends ExchangeUnavailableError {
  constructor(
    endpoint: string,
    readonly host: string,
    /** When the breaker lets a probe through again (epoch ms), when known. */
    readonly retryAt: number | undefined,
  ) {
    super(`${endpoint}: not sent, the exchange at ${host} is failing (${unavailableReasonText['circuit-open']})`, endpoint, false, undefined, 'circuit-open');
    this.name = 'ExchangeCircuitOpenError';
  }
}

/**
 * The exchange told us to stop sending (HTTP 429/418), or its standing back-off order or our weight
 * budget refuses the call before it leaves. Nothing was executed; `retryAfterSeconds` is when to try again.
 */
export class ExchangeRateLimitedError extends Error {
  readonly code = 'EXCHANGE_RATE_LIMITED';
  constructor(
    readonly retryAfterSeconds: number,
    readonly endpoint: string,
  ) {
    super(`${endpoint}: the exchange asked us to back off for ${retryAfterSeconds} s`);
    this.name = 'ExchangeRateLimitedError';
  }
}

/**
 * The exchange answered, but not with what its API documents (not JSON, or a shape the schema
 * refuses). For a POST the order may have been executed all the same: callers treat it as unknown.
 */
export class ExchangeResponseError extends Error {
  readonly code = 'EXCHANGE_BAD_RESPONSE';
  constructor(
    readonly endpoint: string,
    cause: unknown,
  ) {
    super(`${endpoint} answered with a body we could not read`);
    this.name = 'ExchangeResponseError';
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

/** A symbol the exchange does not list (exchangeInfo): the caller's mistake. */
export class UnknownSymbolError extends Error {
  readonly code = 'UNKNOWN_SYMBOL';
  constructor(readonly symbol: string) {
    super(`Unknown symbol "${symbol}": the exchange lists no such symbol.`);
    this.name = 'UnknownSymbolError';
  }
}

/** Binance error codes that mean the caller's input was wrong, not that the exchange failed. */
export const callerFaultExchangeCodes: ReadonlySet<number> = new Set([
  -1100, -1101, -1102, -1103, -1104, -1105, -1106, -1111, -1112, -1114, -1115, -1116, -1117, -1120, -1121,
  -1013,
]);
