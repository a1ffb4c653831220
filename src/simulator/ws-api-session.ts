/**
 * One WebSocket API connection (`/ws-api/v3`): requests `{id, method, params}` answered with
 * `{id, status, result | error, rateLimits}`, the session's logged-on key (session.logon), its user
 * data subscriptions (events sent as `{subscriptionId, event}`), and Binance's keep-alive pings.
 * What each method does lives in ws-api-methods; this file is the envelope.
 */
import type { RawData, WebSocket } from 'ws';
import type { Account } from './accounts.js';
import { BinanceError } from './binance-error.js';
import { Heartbeat } from './heartbeat.js';
import { rawDataToText } from './stream-names.js';
import type { TimerSet } from './timers.js';
import type { WeightMeter } from './weight.js';

/** One method of the WebSocket API. */
export interface WsApiMethod {
  weight: number;
  /** Answers the `result`, or throws a BinanceError. `params` are the request's, values as strings. */
  handle(session: WsApiSession, params: Record<string, string>): unknown;
}

/** What every WebSocket API connection runs with: the methods, the weight meter, time and the heartbeat. */
export interface WsApiConnectionOptions {
  methods: Map<string, WsApiMethod>;
  meter: WeightMeter;
  timers: TimerSet;
  now(): number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

export interface WsApiSessionOptions extends WsApiConnectionOptions {
  /** While true, user data events are not delivered (a stalled connection). */
  stalled(): boolean;
  returnRateLimits: boolean;
  closed(session: WsApiSession): void;
}

const MAX_SUBSCRIPTION_IDS = 65_535;
const MAX_ACTIVE_SUBSCRIPTIONS = 1000;

export class WsApiSession {
  readonly connectedSince: number;
  logon: { account: Account; since: number } | undefined;
  private readonly subscriptions = new Map<number, { account: Account; viaLogon: boolean; listener: (event: Record<string, unknown>) => void }>();
  private nextSubscriptionId = 0;
  private readonly heartbeat: Heartbeat;

  constructor(readonly ws: WebSocket, private readonly options: WsApiSessionOptions) {
    this.connectedSince = options.now();
    this.heartbeat = new Heartbeat(ws, options.timers, options.pingIntervalMs, options.pongTimeoutMs);
    ws.on('pong', (data) => this.heartbeat.onPong(data.toString()));
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.dispose());
    ws.on('error', () => ws.terminate());
  }

  send(message: unknown): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  /** Starts delivering `account`'s user data events; throws -2035 when it already has a subscription here. */
  subscribe(account: Account, viaLogon: boolean): number {
    if ([...this.subscriptions.values()].some((s) => s.account === account)) throw new BinanceError(400, -2035, 'User Data Stream subscription already active.');
    if (this.nextSubscriptionId >= MAX_SUBSCRIPTION_IDS || this.subscriptions.size >= MAX_ACTIVE_SUBSCRIPTIONS) {
      throw new BinanceError(400, -2042, 'Maximum subscription ID reached for this connection.');
    }
    const subscriptionId = this.nextSubscriptionId++;
    const listener = (event: Record<string, unknown>): void => {
      if (!this.options.stalled()) this.send({ subscriptionId, event });
    };
    account.listeners.add(listener);
    this.subscriptions.set(subscriptionId, { account, viaLogon, listener });
    return subscriptionId;
  }

  /** Ends one subscription (or, with no id, all of them), each with an eventStreamTerminated event after the answer. */
  unsubscribe(subscriptionId?: number, onlyLogon = false): void {
    if (subscriptionId !== undefined && !this.subscriptions.has(subscriptionId)) throw new BinanceError(400, -2036, 'User Data Stream subscription not active.');
    const ended: number[] = [];
    for (const [id, sub] of [...this.subscriptions]) {
      if ((subscriptionId !== undefined && id !== subscriptionId) || (onlyLogon && !sub.viaLogon)) continue;
      sub.account.listeners.delete(sub.listener);
      this.subscriptions.delete(id);
      ended.push(id);
    }
    // The request's answer goes out first (it is sent when the method returns), then the terminations.
    const now = this.options.now();
    if (ended.length) queueMicrotask(() => { for (const id of ended) this.send({ subscriptionId: id, event: { e: 'eventStreamTerminated', E: now } }); });
  }

  subscriptionIds(): number[] {
    return [...this.subscriptions.keys()];
  }

  /** session.status / session.logon / session.logout answer. */
  status(): Record<string, unknown> {
    return {
      apiKey: this.logon?.account.apiKey ?? null, authorizedSince: this.logon?.since ?? null, connectedSince: this.connectedSince,
      returnRateLimits: this.options.returnRateLimits, serverTime: this.options.now(), userDataStream: this.subscriptions.size > 0,
    };
  }

  private rateLimits(): unknown[] {
    return [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: this.options.meter.limitPerMinute, count: this.options.meter.used() }];
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    let request: unknown;
    try {
      request = isBinary ? undefined : JSON.parse(rawDataToText(data));
    } catch {
      request = undefined;
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return this.send({ id: null, status: 400, error: { code: -1135, msg: 'Invalid JSON: the request is not a JSON object.' } });
    }
    const { id = null, method, params = {} } = request as { id?: unknown; method?: unknown; params?: unknown };
    const answer = (status: number, body: { result: unknown } | { error: unknown }): void => {
      const withLimits = this.options.returnRateLimits && (params as Record<string, unknown>).returnRateLimits !== false;
      this.send({ id, status, ...body, ...(withLimits ? { rateLimits: this.rateLimits() } : {}) });
    };
    if (typeof method !== 'string') return answer(400, { error: { code: -1102, msg: "Mandatory parameter 'method' was not sent, was empty/null, or malformed." } });
    if (typeof params !== 'object' || params === null || Array.isArray(params)) return answer(400, { error: { code: -1130, msg: "Invalid data sent for a parameter: 'params' must be an object." } });
    const handler = this.options.methods.get(method.replace(/^v3\//, ''));
    if (!handler) return answer(400, { error: { code: -1020, msg: `Unknown method '${method}'.` } });
    const admission = this.options.meter.admit(handler.weight);
    if (!admission.admitted) return answer(admission.status, { error: admission.body });
    const text = Object.fromEntries(Object.entries(params as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    try {
      answer(200, { result: handler.handle(this, text) });
    } catch (error) {
      if (error instanceof BinanceError) return answer(error.status, { error: error.body() });
      answer(500, { error: { code: -1000, msg: `Simulator bug: ${error instanceof Error ? error.message : String(error)}` } });
    }
  }

  private dispose(): void {
    this.heartbeat.stop();
    for (const sub of this.subscriptions.values()) sub.account.listeners.delete(sub.listener);
    this.subscriptions.clear();
    this.options.closed(this);
  }
}
