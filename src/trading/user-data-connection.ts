/**
 * One exchange account's user data stream over the WebSocket API (binance-spot.md §12; listenKeys
 * were retired on 2026-02-20): a connection to `/ws-api/v3` that subscribes with
 * `userDataStream.subscribe.signature` (any key type, no session logon needed) and hands every event
 * on. It stays up: a close, an error, an `eventStreamTerminated` or a `serverShutdown` brings a new
 * connection after a jittered back-off (exponential, full jitter), and before the exchange's 24-hour
 * cut it is replaced make-before-break. `onSubscribed` runs after every (re)subscription, so the
 * owner reconciles over REST what the stream may have missed while it was away. Pings are answered
 * by `ws` itself (autoPong, same payload).
 */
import WebSocket from 'ws';
import { reconnectDelayMs } from '../exchange/market-stream-backoff.js';
import type { Logger } from '../observability/logger.js';

export interface UserDataConnectionOptions {
  /** wss://…/ws-api/v3 */
  url: string;
  /** The signed params of userDataStream.subscribe.signature (apiKey, timestamp, signature), fresh each time. */
  signedParams: () => Record<string, string>;
  onEvent: (event: Record<string, unknown>) => void;
  /** After every successful subscription (the first and each after a reconnect or a rotation). */
  onSubscribed: () => void;
  logger: Logger;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** Age at which the connection is replaced, ms (before the exchange's 24 h). */
  maxAgeMs: number;
  /** How long opening and subscribing may take, ms. @default 10000 */
  openTimeoutMs?: number;
}

export class UserDataConnection {
  private socket: WebSocket | undefined;
  private failures = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private rotateTimer: NodeJS.Timeout | undefined;
  private nextId = 1;

  constructor(private readonly options: UserDataConnectionOptions) {}

  /** True while a subscribed socket is open. */
  get isLive(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.rotateTimer);
    this.socket?.terminate();
    this.socket = undefined;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const socket = await this.open();
      if (this.stopped) {
        socket.terminate();
        return;
      }
      const previous = this.socket;
      this.socket = socket;
      // Make-before-break: the old socket goes only once the new one is subscribed.
      previous?.terminate();
      this.failures = 0;
      clearTimeout(this.rotateTimer);
      this.rotateTimer = setTimeout(() => void this.connect(), this.options.maxAgeMs);
      this.rotateTimer.unref();
      this.options.onSubscribed();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'user data stream did not connect; retrying');
      this.retry();
    }
  }

  /** A socket that is open and subscribed. */
  private open(): Promise<WebSocket> {
    const { url, logger } = this.options;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const id = `sub${this.nextId++}`;
      let subscribed = false;
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.terminate();
        reject(error);
      };
      const timer = setTimeout(() => fail(new Error('user data subscription timed out')), this.options.openTimeoutMs ?? 10_000);
      socket.on('open', () => socket.send(JSON.stringify({ id, method: 'userDataStream.subscribe.signature', params: this.options.signedParams() })));
      socket.on('message', (data: WebSocket.RawData) => {
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString("utf8")) as Record<string, unknown>;
        } catch {
          return;
        }
        if (message.id === id) {
          if (message.status !== 200) return fail(new Error(`userDataStream.subscribe.signature refused: ${JSON.stringify(message.error ?? message.status)}`));
          subscribed = true;
          clearTimeout(timer);
          resolve(socket);
          return;
        }
        const event = message.event as Record<string, unknown> | undefined;
        if (!event || typeof event !== 'object') return;
        if (event.e === 'serverShutdown' || event.e === 'eventStreamTerminated') {
          logger.info({ event: event.e }, 'user data stream ending; moving to a new connection');
          if (socket === this.socket) void this.connect();
          return;
        }
        this.options.onEvent(event);
      });
      socket.on('error', (error) => {
        if (!subscribed) fail(error);
      });
      socket.on('close', () => {
        if (!subscribed) return fail(new Error('user data connection closed before it subscribed'));
        if (socket !== this.socket || this.stopped) return;
        this.socket = undefined;
        logger.warn('user data connection closed; reconnecting');
        this.retry();
      });
    });
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    const delay = reconnectDelayMs(this.failures++, this.options.reconnectBaseMs, this.options.reconnectMaxMs);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}
