/**
 * A deliberately small client for talking to the fake exchange directly (the simulator's own
 * tests, benchmarks, demo scripts): signed or public REST calls that return status, headers and
 * parsed body instead of throwing, and a WebSocket wrapper that queues messages for awaiting.
 * The gateway has its own client; this one exists so that checks of the simulator do not depend on it.
 */
import { WebSocket, type ClientOptions } from 'ws';
import { hmacHex } from './signature.js';
import { rawDataToText } from './stream-names.js';

export interface SimResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  /** Add timestamp and an HMAC signature, and send X-MBX-APIKEY. */
  signed?: { apiKey: string; apiSecret: string; timestamp?: number; recvWindow?: number };
  /** Send the parameters as a form body instead of the query string (POST/DELETE). */
  asBody?: boolean;
  /** Give up (the fetch rejects) when this aborts, e.g. `AbortSignal.timeout(500)`. */
  signal?: AbortSignal;
}

/** `k=v&k=v` in insertion order, with a signature appended when `secret` is given. */
export function signedQueryString(params: Record<string, string | number>, secret: string): string {
  const payload = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return `${payload}&signature=${hmacHex(secret, payload)}`;
}

export async function callSim<T = unknown>(
  baseUrl: string,
  path: string,
  params: Record<string, string | number> = {},
  options: CallOptions = {},
): Promise<SimResponse<T>> {
  const headers: Record<string, string> = {};
  let encoded: string;
  if (options.signed) {
    const all = { ...params, timestamp: options.signed.timestamp ?? Date.now() } as Record<string, string | number>;
    if (options.signed.recvWindow !== undefined) all.recvWindow = options.signed.recvWindow;
    encoded = signedQueryString(all, options.signed.apiSecret);
    headers['X-MBX-APIKEY'] = options.signed.apiKey;
  } else {
    encoded = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  }
  const method = options.method ?? 'GET';
  const inBody = options.asBody === true && method !== 'GET';
  if (inBody) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const url = `${baseUrl}${path}${!inBody && encoded ? `?${encoded}` : ''}`;
  const init: RequestInit = inBody ? { method, headers, body: encoded } : { method, headers };
  if (options.signal) init.signal = options.signal;
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

/** A WebSocket whose text messages are parsed and queued, so tests can await them in order. */
export class SimSocket {
  readonly messages: unknown[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(rawDataToText(data)));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(url: string, options?: ClientOptions): Promise<SimSocket> {
    const socket = new SimSocket(new WebSocket(url, options));
    await socket.opened;
    return socket;
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /**
   * Resolves with the first queued message (removing it and everything before it) that matches.
   * `T` is the caller's claim about the wire shape; nothing checks it, so predicates should be defensive.
   */
  async next<T = Record<string, unknown>>(match: (message: T) => boolean = () => true, timeoutMs = 3000): Promise<T> {
    return this.waitFor(match, timeoutMs, true);
  }

  /** Like next(), but removes only the matching message: what arrived before it stays queued. */
  async take<T = Record<string, unknown>>(match: (message: T) => boolean, timeoutMs = 3000): Promise<T> {
    return this.waitFor(match, timeoutMs, false);
  }

  private async waitFor<T>(match: (message: T) => boolean, timeoutMs: number, dropEarlier: boolean): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.messages.findIndex((message) => match(message as T));
      if (index >= 0) return (dropEarlier ? this.messages.splice(0, index + 1)[index] : this.messages.splice(index, 1)[0]) as T;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; queued: ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.ws.terminate();
  }
}

/** The payload Binance's WebSocket API signs: every param but `signature`, sorted by name, as k=v&…. */
export function wsApiPayload(params: Record<string, string | number | boolean>): string {
  return Object.keys(params).filter((k) => k !== 'signature').sort().map((k) => `${k}=${String(params[k])}`).join('&');
}

/** A WebSocket API response as the wire carries it. */
export interface WsApiResponse<T = unknown> {
  id: unknown;
  status: number;
  result?: T;
  error?: { code: number; msg: string };
  rateLimits?: unknown[];
}

/** A WebSocket API connection: `request()` resolves with the response to that request; events queue in `events`. */
export class SimWsApi {
  readonly events: Array<{ subscriptionId?: number; event: Record<string, unknown> }> = [];
  private nextId = 1;

  constructor(readonly socket: SimSocket) {}

  static async open(url: string): Promise<SimWsApi> {
    return new SimWsApi(await SimSocket.open(url));
  }

  /** Sends `{id, method, params}` and waits for its response. */
  async request<T = unknown>(method: string, params?: Record<string, unknown>): Promise<WsApiResponse<T>> {
    const id = `r${this.nextId++}`;
    this.socket.send(params === undefined ? { id, method } : { id, method, params });
    return this.socket.take<WsApiResponse<T> & { id?: unknown }>((m) => m.id === id);
  }

  /** The first queued user data event matching `match` (given the event with its subscriptionId), taken off the queue. */
  async event(match: (event: Record<string, unknown>) => boolean, timeoutMs = 3000): Promise<Record<string, unknown>> {
    const flat = (m: { event?: Record<string, unknown>; subscriptionId?: number }): Record<string, unknown> => ({ ...m.event, subscriptionId: m.subscriptionId });
    return flat(await this.socket.take<{ event?: Record<string, unknown>; subscriptionId?: number }>((m) => m.event !== undefined && match(flat(m)), timeoutMs));
  }

  close(): void {
    this.socket.close();
  }
}
