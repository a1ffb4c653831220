/**
 * One market-stream WebSocket connection: its subscriptions and `combined` property, the live
 * control messages (SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY, GET_PROPERTY) with
 * Binance's replies and error codes, the 5-messages-per-second limit (pings and pongs count), the
 * 1024-stream limit, and the server's ping every `pingIntervalMs` that must be answered with a pong
 * carrying the same payload within `pongTimeoutMs`.
 */
import type { RawData, WebSocket } from 'ws';
import { Heartbeat } from './heartbeat.js';
import { isWellFormedStream, rawDataToText } from './stream-names.js';
import type { TimerSet } from './timers.js';

export const MAX_STREAMS_PER_CONNECTION = 1024;
const MAX_INCOMING_PER_SECOND = 5;
const REQUEST_ID = /^[A-Za-z0-9_-]{1,36}$/;

/** What a connection asks of the exchange-wide stream hub. */
export interface StreamHub {
  subscribe(connection: StreamConnection, streams: string[]): void;
  unsubscribe(connection: StreamConnection, streams: string[]): void;
  recordControl(method: string, params: unknown): void;
  closed(connection: StreamConnection): void;
}

export interface ConnectionOptions {
  combined: boolean;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  timers: TimerSet;
}

type RequestId = number | string | null;

export class StreamConnection {
  readonly streams = new Set<string>();
  combined: boolean;
  private readonly incoming: number[] = [];
  private readonly heartbeat: Heartbeat;

  constructor(readonly ws: WebSocket, private readonly hub: StreamHub, options: ConnectionOptions) {
    this.combined = options.combined;
    ws.on('message', (data, isBinary) => this.countIncoming() && this.onMessage(data, isBinary));
    ws.on('ping', () => this.countIncoming());
    ws.on('pong', (data) => this.countIncoming() && this.heartbeat.onPong(data.toString()));
    ws.on('close', () => this.dispose());
    ws.on('error', () => ws.terminate());
    this.heartbeat = new Heartbeat(ws, options.timers, options.pingIntervalMs, options.pongTimeoutMs);
  }

  send(text: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
  }

  private reply(body: Record<string, unknown>): void {
    this.send(JSON.stringify(body));
  }

  /** False (and the connection closing) once more than 5 messages arrived within a second. */
  private countIncoming(): boolean {
    const now = Date.now();
    while (this.incoming.length > 0 && (this.incoming[0] ?? 0) <= now - 1000) this.incoming.shift();
    this.incoming.push(now);
    if (this.incoming.length <= MAX_INCOMING_PER_SECOND) return true;
    this.ws.close(1008, 'Too many messages');
    return false;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (isBinary) return this.reply({ code: 3, msg: 'Invalid JSON: binary frames are not accepted' });
    let message: unknown;
    try {
      message = JSON.parse(rawDataToText(data));
    } catch (error) {
      return this.reply({ code: 3, msg: `Invalid JSON: ${(error as Error).message}` });
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return this.reply({ code: 2, msg: 'Invalid request: expected a JSON object' });
    }
    const { method, params, id: rawId } = message as { method?: unknown; params?: unknown; id?: unknown };
    const id = rawId === undefined ? null : rawId;
    if (!(id === null || (typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && REQUEST_ID.test(id)))) {
      return this.reply({ code: 2, msg: 'Invalid request: request ID must be an integer, an alphanumeric string of at most 36 characters, or null' });
    }
    if (typeof method !== 'string') return this.reply({ code: 2, msg: 'Invalid request: missing field `method`', id });
    this.hub.recordControl(method, params);
    this.control(method, params, id);
  }

  private control(method: string, params: unknown, id: RequestId): void {
    switch (method) {
      case 'SUBSCRIBE':
      case 'UNSUBSCRIBE': {
        if (!Array.isArray(params) || !params.every((p): p is string => typeof p === 'string' && isWellFormedStream(p))) {
          return this.reply({ code: 2, msg: 'Invalid request: params must be a list of stream names', id });
        }
        if (method === 'UNSUBSCRIBE') {
          this.hub.unsubscribe(this, params);
          return this.reply({ result: null, id });
        }
        const total = new Set([...this.streams, ...params]).size;
        if (total > MAX_STREAMS_PER_CONNECTION) {
          return this.reply({ code: 2, msg: `Invalid request: too many streams (at most ${MAX_STREAMS_PER_CONNECTION} per connection)`, id });
        }
        this.hub.subscribe(this, params);
        return this.reply({ result: null, id });
      }
      case 'LIST_SUBSCRIPTIONS':
        return this.reply({ result: [...this.streams], id });
      case 'SET_PROPERTY': {
        const [name, value] = Array.isArray(params) ? (params as unknown[]) : [];
        if (name !== 'combined') return this.reply({ code: 0, msg: 'Unknown property', id });
        if (typeof value !== 'boolean') return this.reply({ code: 1, msg: 'Invalid value type: expected Boolean', id });
        this.combined = value;
        return this.reply({ result: null, id });
      }
      case 'GET_PROPERTY': {
        const [name] = Array.isArray(params) ? (params as unknown[]) : [];
        if (name !== 'combined') return this.reply({ code: 0, msg: 'Unknown property', id });
        return this.reply({ result: this.combined, id });
      }
      default:
        return this.reply({
          code: 2,
          msg: `Invalid request: unknown variant \`${method}\`, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\`, \`SET_PROPERTY\`, \`GET_PROPERTY\``,
          id,
        });
    }
  }

  private dispose(): void {
    this.heartbeat.stop();
    this.hub.unsubscribe(this, [...this.streams]);
    this.hub.closed(this);
  }
}
