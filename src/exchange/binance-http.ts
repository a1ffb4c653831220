/**
 * The one got instance the Binance client sends through: keep-alive sockets, explicit timeouts, and
 * retries only where retrying is safe (GET, on network errors, timeouts and 5xx) with exponential
 * back-off and full jitter. got never retries POST by default; we also take 429 out of its list,
 * because a 429 means "stop", not "try again".
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import got, { type Got, type OptionsInit } from 'got';

export interface BinanceHttpOptions {
  baseUrl: string;
  /** Per-attempt timeout, ms. */
  requestTimeoutMs: number;
  /** Sockets kept open to the exchange. @default 16 */
  maxSockets?: number;
  /** Retries of a safe request. @default 2 */
  retryLimit?: number;
  /** First back-off step, ms; doubles each attempt, full jitter. @default 200 */
  retryBaseDelayMs?: number;
  /** Largest back-off step, ms. @default 2000 */
  retryMaxDelayMs?: number;
  /** Host-name resolver. @default the operating system's (dns.lookup) */
  dnsLookup?: OptionsInit['dnsLookup'];
}

/** Full jitter: a random delay in [0, min(cap, base·2^(attempt−1))). */
export function fullJitterDelay(attemptCount: number, baseMs: number, capMs: number): number {
  return Math.floor(Math.random() * Math.min(capMs, baseMs * 2 ** (attemptCount - 1)));
}

export function createBinanceHttp(options: BinanceHttpOptions): { http: Got; close: () => void } {
  const maxSockets = options.maxSockets ?? 16;
  const agent = {
    http: new HttpAgent({ keepAlive: true, maxSockets }),
    https: new HttpsAgent({ keepAlive: true, maxSockets }),
  };
  const baseDelay = options.retryBaseDelayMs ?? 200;
  const maxDelay = options.retryMaxDelayMs ?? 2000;
  const http = got.extend({
    prefixUrl: options.baseUrl,
    agent,
    ...(options.dnsLookup ? { dnsLookup: options.dnsLookup } : {}),
    timeout: {
      connect: Math.min(3000, options.requestTimeoutMs),
      response: options.requestTimeoutMs,
      request: options.requestTimeoutMs,
    },
    retry: {
      limit: options.retryLimit ?? 2,
      methods: ['GET'],
      statusCodes: [500, 502, 503, 504],
      // computedValue 0 is got's way of saying "this error is not retryable".
      calculateDelay: ({ attemptCount, computedValue }) =>
        computedValue === 0 ? 0 : Math.max(1, fullJitterDelay(attemptCount, baseDelay, maxDelay)),
    },
    responseType: 'text',
    throwHttpErrors: true,
    headers: { 'user-agent': 'graphql-trading-gateway' },
  });
  return {
    http,
    close: () => {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
