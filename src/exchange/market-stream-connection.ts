/**
 * One combined-stream WebSocket to the exchange (`<wsUrl>/stream`), carrying up to 1024 streams
 * switched on and off live with SUBSCRIBE / UNSUBSCRIBE. Requests are gathered for a moment and sent
 * as one message, and messages are spaced out, because the exchange drops a connection that sends
 * more than 5 messages a second (pongs count too). Pings are answered by `ws` itself (autoPong, same
 * payload). A watchdog catches the silent stall the exchange is known for: a socket that stays open,
 * even answers pings, but carries no data.
 */
import WebSocket from 'ws';
import type { Logger } from '../observability/logger.js';
import { combinedFrameSchema, controlReplySchema, serverShutdownSchema } from './market-stream-schemas.js';

/** The exchange takes at most 1024 streams on one connection. */
export const maxStreamsPerConnection = 1024;

/**
 * Streams that push on a schedule (klines every 1–2 s, tickers every second, diff depth at its
 * speed) fall silent only when something is wrong, so silence is watched. Trades and the book
 * ticker push per event: on a quiet market they are silent for as long as nothing trades, and
 * treating that as a stall would resubscribe (and backfill) them for nothing.
 */
export function isSilenceWatched(stream: string): boolean {
  return !/@(trade|aggTrade|bookTicker)$/.test(stream);
}

export interface MarketStreamConnectionOptions {
  /** `${BINANCE_WS_URL}/stream` */
  url: string;
  logger: Logger;
  /** Silence after which a stream (resubscribed) or the whole connection (reconnected) counts as stalled, ms. */
  watchdogMs: number;
  /** Least time between two control messages, ms. 250 leaves room for pongs under 5 a second. */
  controlSpacingMs: number;
  /** How long subscribe/unsubscribe requests are gathered into one message, ms. */
  batchDelayMs: number;
  onData(connection: MarketStreamConnection, stream: string, data: unknown): void;
  /** One stream went silent and is being subscribed again: its events in between may be lost. */
  onStreamInterrupted(connection: MarketStreamConnection, stream: string): void;
  /** The exchange acknowledged the stream's subscription on this socket: its events flow from here. */
  onStreamActive(connection: MarketStreamConnection, stream: string): void;
  /** The socket closed or stalled; the connection keeps its streams and may connect() again. */
  onDown(connection: MarketStreamConnection, reason: string): void;
  /** The exchange announced a shutdown (serverShutdown): time to move to a fresh connection. */
  onShutdownNotice(connection: MarketStreamConnection): void;
}

interface ControlRequest {
  method: 'SUBSCRIBE' | 'UNSUBSCRIBE';
  params: string[];
}

export class MarketStreamConnection {
  /** Streams this connection should carry. */
  readonly wanted = new Set<string>();
  /** Reconnect attempts since data last flowed (drives the back-off). */
  failures = 0;
  /** Streams SUBSCRIBEd on the current socket (and not UNSUBSCRIBEd since). */
  private readonly requested = new Set<string>();
  /** Streams the exchange acknowledged; only these are watched. */
  private readonly active = new Set<string>();
  private readonly lastDataAt = new Map<string, number>();
  private readonly pending = new Map<number, ControlRequest>();
  private socket: WebSocket | undefined;
  private lastFrameAt = 0;
  private nextId = 1;
  private nextControlAt = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private syncedCallbacks: (() => void)[] = [];
  /** Rejects the connect() under way, if any. */
  private abortConnect: ((error: Error) => void) | undefined;

  constructor(private readonly options: MarketStreamConnectionOptions) {}

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens a socket and subscribes every wanted stream on it; rejects when it cannot open. */
  connect(openTimeoutMs = 10_000): Promise<void> {
    this.dropSocket();
    const socket = new WebSocket(this.options.url, { handshakeTimeout: openTimeoutMs });
    this.socket = socket;
    let down = false;
    const goDown = (reason: string): void => {
      if (down || this.socket !== socket) return;
      down = true;
      this.dropSocket();
      this.options.onDown(this, reason);
    };
    return new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        this.abortConnect = undefined;
        this.lastFrameAt = Date.now();
        this.watchdog = setInterval(() => this.checkWatchdog(goDown), Math.max(50, this.options.watchdogMs / 4));
        this.watchdog.unref();
        this.scheduleFlush();
        socket.on('close', (code) => goDown(`closed by the exchange (${code})`));
        resolve();
      });
      socket.on('message', (raw: Buffer) => this.onFrame(raw));
      this.abortConnect = (error) => {
        down = true;
        reject(error);
      };
      socket.on('error', (error) => {
        if (down || this.socket !== socket) return;
        if (socket.readyState !== WebSocket.OPEN) {
          this.dropSocket(error);
          return;
        }
        this.options.logger.warn({ err: error }, 'market-stream socket error');
        goDown('socket error');
      });
    });
  }

  /** Calls back once every wanted stream is subscribed and acknowledged. */
  onSyncedOnce(callback: () => void): void {
    this.syncedCallbacks.push(callback);
  }

  add(stream: string): void {
    this.wanted.add(stream);
    this.scheduleFlush();
  }

  remove(stream: string): void {
    this.wanted.delete(stream);
    this.lastDataAt.delete(stream);
    this.scheduleFlush();
  }

  /** Closes for good (no onDown). */
  close(): void {
    this.wanted.clear();
    this.syncedCallbacks = [];
    this.dropSocket();
  }

  private dropSocket(reason: Error = new Error('market-stream connection closed')): void {
    this.abortConnect?.(reason);
    this.abortConnect = undefined;
    clearTimeout(this.flushTimer);
    clearInterval(this.watchdog);
    this.flushTimer = undefined;
    this.watchdog = undefined;
    this.requested.clear();
    this.active.clear();
    this.pending.clear();
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.removeAllListeners('close');
    // Errors after we gave up on the socket are expected (e.g. a terminate mid-handshake).
    socket.on('error', () => undefined);
    socket.terminate();
  }

  private scheduleFlush(delayMs = this.options.batchDelayMs): void {
    if (this.flushTimer || !this.isOpen) return;
    const wait = Math.max(delayMs, this.nextControlAt - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
  }

  /** Sends one control message with everything pending (unsubscribes first), then schedules the rest. */
  private flush(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const toUnsubscribe = [...this.requested].filter((s) => !this.wanted.has(s));
    const toSubscribe = [...this.wanted].filter((s) => !this.requested.has(s));
    const request: ControlRequest | undefined =
      toUnsubscribe.length > 0
        ? { method: 'UNSUBSCRIBE', params: toUnsubscribe }
        : toSubscribe.length > 0
          ? { method: 'SUBSCRIBE', params: toSubscribe.slice(0, maxStreamsPerConnection) }
          : undefined;
    if (!request) return;
    const id = this.nextId++;
    socket.send(JSON.stringify({ ...request, id }));
    this.nextControlAt = Date.now() + this.options.controlSpacingMs;
    this.pending.set(id, request);
    for (const stream of request.params) {
      if (request.method === 'SUBSCRIBE') this.requested.add(stream);
      else {
        this.requested.delete(stream);
        this.active.delete(stream);
      }
    }
    if (toUnsubscribe.length > 0 ? toSubscribe.length > 0 : toSubscribe.length > request.params.length) {
      this.scheduleFlush(0);
    }
  }

  private onFrame(raw: Buffer): void {
    const now = Date.now();
    this.lastFrameAt = now;
    let message: unknown;
    try {
      message = JSON.parse(raw.toString('utf8'));
    } catch {
      this.options.logger.warn('market-stream frame is not JSON; dropped');
      return;
    }
    const frame = combinedFrameSchema.safeParse(message);
    if (frame.success) {
      const { stream, data } = frame.data;
      if (serverShutdownSchema.safeParse(data).success) return this.options.onShutdownNotice(this);
      if (!this.wanted.has(stream)) return;
      this.lastDataAt.set(stream, now);
      this.failures = 0;
      this.options.onData(this, stream, data);
      return;
    }
    if (serverShutdownSchema.safeParse(message).success) return this.options.onShutdownNotice(this);
    const reply = controlReplySchema.safeParse(message);
    if (reply.success) return this.onReply(reply.data, now);
    this.options.logger.warn('market-stream frame of an unknown shape; dropped');
  }

  private onReply(reply: { id?: number | string | null; code?: unknown; msg?: unknown }, now: number): void {
    const request = typeof reply.id === 'number' ? this.pending.get(reply.id) : undefined;
    if (typeof reply.id === 'number') this.pending.delete(reply.id);
    if ('code' in reply && reply.code !== undefined) {
      this.options.logger.error({ code: reply.code, msg: reply.msg, request }, 'the exchange refused a stream control message');
      return;
    }
    if (request?.method !== 'SUBSCRIBE') return;
    for (const stream of request.params) {
      if (!this.requested.has(stream)) continue;
      this.active.add(stream);
      this.lastDataAt.set(stream, now);
      this.options.onStreamActive(this, stream);
    }
    if (this.pending.size === 0 && [...this.wanted].every((s) => this.active.has(s))) {
      for (const callback of this.syncedCallbacks.splice(0)) callback();
    }
  }

  /**
   * A whole connection gone silent is dropped (the caller reconnects it); a single silent stream on
   * an otherwise live connection is subscribed again, which costs the other streams nothing.
   */
  private checkWatchdog(goDown: (reason: string) => void): void {
    const now = Date.now();
    const limit = this.options.watchdogMs;
    if (now - this.lastFrameAt > limit && [...this.wanted].some(isSilenceWatched)) {
      goDown(`no data for ${now - this.lastFrameAt} ms (stalled)`);
      return;
    }
    let resubscribe = false;
    for (const stream of this.active) {
      if (now - (this.lastDataAt.get(stream) ?? now) <= limit || !isSilenceWatched(stream)) continue;
      this.options.logger.warn({ stream }, 'market stream silent; subscribing it again');
      this.active.delete(stream);
      this.requested.delete(stream);
      resubscribe = true;
      this.options.onStreamInterrupted(this, stream);
    }
    if (resubscribe) this.scheduleFlush();
  }
}
