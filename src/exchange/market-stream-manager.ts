/**
 * The gateway's side of the exchange's market streams: one upstream subscription per stream, shared
 * by every listener of it (candle feeds, trade tapes, books: whoever needs that stream), carried on as
 * few combined-stream connections as possible (up to 1024 streams each). A connection that drops or
 * stalls is reconnected with back-off and full jitter under a shared attempt budget, and every
 * stream is subscribed again on it. Ahead of the exchange's 24-hour cut, or on its serverShutdown
 * notice, a connection is replaced make-before-break: the new one subscribes first, the old one
 * closes once the new one is acknowledged. Payloads reach each stream's listener as the exchange
 * sent them; what a stream's events mean (klines, trades, depth) is its consumer's to parse.
 *
 * What is lost while a connection is down is not this module's business, but it says when events
 * may have been lost (a listener's `onInterrupted`: the connection dropped or stalled, or the stream
 * went silent and was subscribed again): the consumer above it recovers in its own way (candle and
 * trade feeds backfill over REST, a local order book rebuilds from a new snapshot).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger.js';
import type { SlidingWindows } from '../store/store.js';
import { reconnectDelayMs, takeConnectAttempt } from './market-stream-backoff.js';
import { MarketStreamConnection, maxStreamsPerConnection } from './market-stream-connection.js';

/** Receives one stream's payloads (the `data` of each combined-stream frame), in order. */
export type StreamListener = (data: unknown) => void;

/** Why events of a stream may have been lost: its connection went down, or the stream alone went silent and was subscribed again. */
export type InterruptionCause = 'reconnect' | 'resubscribe';

export interface StreamListenerOptions {
  /** Events of the stream may have been lost from here on; called before anything from the new subscription. */
  onInterrupted?: (cause: InterruptionCause) => void;
  /** After an interruption, the stream is subscribed again: what happens from now on arrives. */
  onResumed?: () => void;
}

export interface MarketStreamManagerOptions {
  /** BINANCE_WS_URL; connections go to `${wsUrl}/stream`. */
  wsUrl: string;
  /** Holds the shared budget of connection attempts. */
  store: SlidingWindows;
  logger: Logger;
  /** Silence that counts as a stall, ms. */
  watchdogMs: number;
  /** Age at which a connection is replaced (the exchange cuts at 24 h), ms. */
  maxConnectionAgeMs: number;
  /** Back-off base and cap, ms. */
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /** @default 1024 (the exchange's limit) */
  maxStreamsPerConnection?: number;
  /** @default 250 (4 control messages a second, under the exchange's 5 with room for pongs) */
  controlSpacingMs?: number;
  /** @default 20 */
  batchDelayMs?: number;
  /** How long a connection left without streams stays open for the next one, ms. @default 60000 */
  idleCloseMs?: number;
  /** Called each time a dropped connection that still carries streams is reconnected (metrics). */
  onReconnect?: () => void;
}

export class MarketStreamManager {
  /** Each stream's listeners; a stream is subscribed upstream while it has any. */
  private readonly listeners = new Map<string, Map<StreamListener, StreamListenerOptions>>();
  private readonly assignment = new Map<string, MarketStreamConnection>();
  private readonly connections = new Set<MarketStreamConnection>();
  /** Connections being replaced: they deliver until their successor is in sync, and never reconnect. */
  private readonly retiring = new Set<MarketStreamConnection>();
  private readonly rotations = new Map<MarketStreamConnection, NodeJS.Timeout>();
  private readonly idleTimers = new Map<MarketStreamConnection, NodeJS.Timeout>();
  private readonly abort = new AbortController();
  /** Streams interrupted and not yet subscribed again. */
  private readonly interrupted = new Set<string>();

  constructor(private readonly options: MarketStreamManagerOptions) {}

  /** Connections open or being opened. */
  get connectionCount(): number {
    return this.connections.size;
  }

  get streamCount(): number {
    return this.listeners.size;
  }

  /** Starts delivering the stream's events to `listener` too; the first listener subscribes upstream. */
  subscribe(stream: string, listener: StreamListener, options: StreamListenerOptions = {}): void {
    const listeners = this.listeners.get(stream) ?? new Map<StreamListener, StreamListenerOptions>();
    listeners.set(listener, options);
    this.listeners.set(stream, listeners);
    if (this.assignment.has(stream)) return;
    const connection = this.connectionWithRoom();
    clearTimeout(this.idleTimers.get(connection));
    this.idleTimers.delete(connection);
    connection.add(stream);
    this.assignment.set(stream, connection);
  }

  /** Stops delivering to `listener` (to every listener, without one); the last to leave unsubscribes upstream. */
  unsubscribe(stream: string, listener?: StreamListener): void {
    const listeners = this.listeners.get(stream);
    if (!listeners) return;
    if (listener) listeners.delete(listener);
    if (listener && listeners.size > 0) return;
    this.listeners.delete(stream);
    this.interrupted.delete(stream);
    const connection = this.assignment.get(stream);
    this.assignment.delete(stream);
    if (!connection) return;
    connection.remove(stream);
    if (connection.wanted.size > 0) return;
    if (!this.connections.has(connection)) return this.retire(connection);
    // An empty connection stays open a while: the next stream needs no new connection attempt.
    clearTimeout(this.idleTimers.get(connection));
    const timer = setTimeout(() => {
      if (connection.wanted.size === 0) this.retire(connection);
    }, this.options.idleCloseMs ?? 60_000);
    timer.unref();
    this.idleTimers.set(connection, timer);
  }

  async close(): Promise<void> {
    this.abort.abort();
    for (const connection of [...this.connections, ...this.retiring]) this.retire(connection);
    this.listeners.clear();
    this.assignment.clear();
  }

  private connectionWithRoom(): MarketStreamConnection {
    const limit = Math.min(this.options.maxStreamsPerConnection ?? maxStreamsPerConnection, maxStreamsPerConnection);
    for (const connection of this.connections) {
      if (connection.wanted.size < limit) return connection;
    }
    const connection = this.createConnection();
    void this.keepConnected(connection);
    return connection;
  }

  private createConnection(): MarketStreamConnection {
    const connection = new MarketStreamConnection({
      url: `${this.options.wsUrl}/stream`,
      logger: this.options.logger,
      watchdogMs: this.options.watchdogMs,
      controlSpacingMs: this.options.controlSpacingMs ?? 250,
      batchDelayMs: this.options.batchDelayMs ?? 20,
      onData: (_connection, stream, data) => this.deliver(stream, data),
      onStreamInterrupted: (_connection, stream) => this.interrupt(stream, 'resubscribe'),
      onStreamActive: (_connection, stream) => this.resume(stream),
      onDown: (down, reason) => {
        this.options.logger.warn({ reason, streams: down.wanted.size }, 'market-stream connection down; reconnecting');
        this.clearRotation(down);
        for (const stream of down.wanted) this.interrupt(stream, 'reconnect');
        if (down.wanted.size === 0) this.retire(down);
        else if (this.connections.has(down)) {
          this.options.onReconnect?.();
          void this.keepConnected(down);
        }
      },
      onShutdownNotice: (notified) => {
        this.options.logger.info('the exchange announced a shutdown; moving to a fresh connection');
        this.rotate(notified);
      },
    });
    this.connections.add(connection);
    return connection;
  }

  /** Connects (again), waiting out the back-off and the attempt budget, until it works or we close. */
  private async keepConnected(connection: MarketStreamConnection): Promise<void> {
    const { signal } = this.abort;
    while (!signal.aborted && this.connections.has(connection)) {
      if (connection.failures > 0) {
        const delay = reconnectDelayMs(connection.failures - 1, this.options.reconnectBaseMs, this.options.reconnectMaxMs);
        await sleep(delay, undefined, { signal }).catch(() => undefined);
        if (signal.aborted || !this.connections.has(connection)) return;
      }
      connection.failures++;
      try {
        await takeConnectAttempt(this.options.store, this.options.logger, signal);
        await connection.connect();
        this.scheduleRotation(connection);
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.options.logger.warn({ err: error, failures: connection.failures }, 'market-stream connection attempt failed');
      }
    }
  }

  private scheduleRotation(connection: MarketStreamConnection): void {
    this.clearRotation(connection);
    const timer = setTimeout(() => this.rotate(connection), this.options.maxConnectionAgeMs);
    timer.unref();
    this.rotations.set(connection, timer);
  }

  private clearRotation(connection: MarketStreamConnection): void {
    clearTimeout(this.rotations.get(connection));
    this.rotations.delete(connection);
  }

  /** Make-before-break: the streams move to a new connection; the old one closes once it is in sync. */
  private rotate(old: MarketStreamConnection): void {
    if (!this.connections.has(old)) return;
    if (old.wanted.size === 0) return this.retire(old);
    this.clearRotation(old);
    this.connections.delete(old);
    this.retiring.add(old);
    const fresh = this.createConnection();
    for (const stream of old.wanted) {
      fresh.wanted.add(stream);
      this.assignment.set(stream, fresh);
    }
    // Until the new connection is in sync the old one keeps delivering; the feed drops duplicates.
    const retireOld = (): void => this.retire(old);
    const fallback = setTimeout(retireOld, Math.max(this.options.watchdogMs, 5_000));
    fallback.unref();
    fresh.onSyncedOnce(() => {
      clearTimeout(fallback);
      retireOld();
    });
    void this.keepConnected(fresh);
  }

  private retire(connection: MarketStreamConnection): void {
    this.clearRotation(connection);
    clearTimeout(this.idleTimers.get(connection));
    this.idleTimers.delete(connection);
    this.connections.delete(connection);
    this.retiring.delete(connection);
    connection.close();
  }

  private deliver(stream: string, data: unknown): void {
    const listeners = this.listeners.get(stream);
    if (!listeners) return;
    for (const listener of listeners.keys()) this.callSafely(stream, () => listener(data));
  }

  private interrupt(stream: string, cause: InterruptionCause): void {
    const listeners = this.listeners.get(stream);
    if (!listeners) return;
    this.interrupted.add(stream);
    for (const { onInterrupted } of [...listeners.values()]) if (onInterrupted) this.callSafely(stream, () => onInterrupted(cause));
  }

  private resume(stream: string): void {
    if (!this.interrupted.delete(stream)) return;
    for (const { onResumed } of [...(this.listeners.get(stream)?.values() ?? [])]) if (onResumed) this.callSafely(stream, onResumed);
  }

  /** One consumer's bug must not starve the others of the stream. */
  private callSafely(stream: string, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.options.logger.error({ err: error, stream }, 'market-stream listener threw');
    }
  }
}
