/**
 * WebSocket market streams on the exchange's HTTP port: accepts upgrades on `/ws`, `/ws/<streams>`
 * and `/stream?streams=a/b` (combined: events wrapped as `{stream, data}`), keeps who is subscribed
 * to what, starts and stops the feed behind a stream with its first and last subscriber, fans
 * events out, and gives tests their levers (drop every socket, stall the data, announce a shutdown).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ExchangeClock } from './clock.js';
import type { FaultBook } from './faults.js';
import type { KlinePayload } from './kline-generator.js';
import { KlineFeeds, type KlineEvent, type KlineFeedDeps } from './kline-feed.js';
import { MAX_STREAMS_PER_CONNECTION, StreamConnection, type StreamHub } from './stream-connection.js';
import type { Publish, StreamFeed } from './stream-feed.js';
import { isWellFormedStream } from './stream-names.js';
import type { TimerSet } from './timers.js';

export interface MarketStreamsOptions {
  clock: ExchangeClock;
  timers: TimerSet;
  faults: FaultBook;
  feeds: Omit<KlineFeedDeps, 'publish'>;
  /** The other feeds (trades, depth, tickers), made once the hub's publish exists. */
  moreFeeds?: (publish: Publish) => StreamFeed[];
  pingIntervalMs: number;
  pongTimeoutMs: number;
}

export interface ControlMessage {
  method: string;
  params?: unknown;
  /** Exchange-clock time of arrival. */
  at: number;
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export class MarketStreams implements StreamHub {
  readonly controlMessages: ControlMessage[] = [];
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
  private readonly connections = new Set<StreamConnection>();
  private readonly subscribers = new Map<string, Set<StreamConnection>>();
  private readonly klines: KlineFeeds;
  private readonly feeds: StreamFeed[];
  /** Upgrade requests not yet handed to a WebSocket (delayed or hung by a fault); destroyed on close. */
  private readonly heldSockets = new Set<Duplex>();
  private attempts = 0;
  private stalled = false;

  constructor(private readonly options: MarketStreamsOptions) {
    const publish: Publish = (stream, event) => this.publish(stream, event);
    this.klines = new KlineFeeds({ ...options.feeds, publish });
    this.feeds = [this.klines, ...(options.moreFeeds?.(publish) ?? [])];
  }

  /** The HTTP server's 'upgrade' listener. Never rejects: a request it cannot read is refused. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    this.attempts += 1;
    socket.on('error', () => socket.destroy());
    // Until the WebSocket owns it, the socket is ours to destroy on close (the HTTP server no longer tracks it).
    this.heldSockets.add(socket);
    socket.on('close', () => this.heldSockets.delete(socket));
    try {
      await this.upgrade(req, socket, head);
    } catch {
      rejectUpgrade(socket, 400, 'Bad Request');
    }
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let streams: string[];
    let combined: boolean;
    if (path === '/stream') {
      combined = true;
      streams = (url.searchParams.get('streams') ?? '').split('/').filter(Boolean);
    } else if (path === '/ws' || path.startsWith('/ws/')) {
      combined = false;
      streams = path.slice('/ws'.length).split('/').filter(Boolean).map(decodeURIComponent);
    } else {
      return rejectUpgrade(socket, 404, 'Not Found');
    }
    if (streams.length > MAX_STREAMS_PER_CONNECTION || !streams.every(isWellFormedStream)) {
      return rejectUpgrade(socket, 400, 'Bad Request');
    }

    const fault = this.options.faults.take(combined ? '/stream' : '/ws');
    if (fault?.delayMs) await this.options.timers.sleep(fault.delayMs);
    if (fault?.dropConnection) return void socket.destroy();
    if (fault?.hang) return;
    if (fault?.status !== undefined) return rejectUpgrade(socket, fault.status, 'Injected Fault');

    this.heldSockets.delete(socket);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new StreamConnection(ws, this, {
        combined,
        pingIntervalMs: this.options.pingIntervalMs,
        pongTimeoutMs: this.options.pongTimeoutMs,
        timers: this.options.timers,
      });
      this.connections.add(connection);
      this.subscribe(connection, streams);
    });
  }

  subscribe(connection: StreamConnection, streams: string[]): void {
    for (const stream of streams) {
      if (connection.streams.has(stream)) continue;
      connection.streams.add(stream);
      let holders = this.subscribers.get(stream);
      if (!holders) {
        holders = new Set();
        this.subscribers.set(stream, holders);
        this.feeds.find((feed) => feed.serves(stream))?.start(stream);
      }
      holders.add(connection);
    }
  }

  unsubscribe(connection: StreamConnection, streams: string[]): void {
    for (const stream of streams) {
      if (!connection.streams.delete(stream)) continue;
      const holders = this.subscribers.get(stream);
      holders?.delete(connection);
      if (holders && holders.size === 0) {
        this.subscribers.delete(stream);
        this.feeds.find((feed) => feed.serves(stream))?.stop(stream);
      }
    }
  }

  recordControl(method: string, params: unknown): void {
    this.controlMessages.push(params === undefined ? { method, at: this.options.clock.now() } : { method, params, at: this.options.clock.now() });
  }

  closed(connection: StreamConnection): void {
    this.connections.delete(connection);
  }

  connectionCount(): number {
    return this.connections.size;
  }

  connectionAttempts(): number {
    return this.attempts;
  }

  subscriptions(): Map<string, number> {
    return new Map([...this.subscribers].map(([stream, holders]) => [stream, holders.size]));
  }

  emitKline(symbol: string, interval: string, overrides?: Partial<KlinePayload>): KlineEvent {
    return this.klines.emit(symbol, interval, overrides);
  }

  dropConnections(): void {
    for (const connection of this.connections) connection.ws.terminate();
  }

  stall(on: boolean): void {
    this.stalled = on;
  }

  announceShutdown(): void {
    const event = JSON.stringify({ e: 'serverShutdown', E: this.options.clock.now() });
    const wrapped = `{"stream":"!serverShutdown","data":${event}}`;
    for (const connection of this.connections) connection.send(connection.combined ? wrapped : event);
  }

  resetCounters(): void {
    this.attempts = 0;
    this.controlMessages.length = 0;
  }

  close(): void {
    for (const feed of this.feeds) feed.stopAll();
    for (const connection of this.connections) connection.ws.terminate();
    for (const socket of this.heldSockets) socket.destroy();
    this.wss.close();
  }

  /** Sends a data event to every connection subscribed to `stream`, unless the feed is stalled. */
  private publish(stream: string, event: unknown): void {
    const holders = this.subscribers.get(stream);
    if (this.stalled || !holders || holders.size === 0) return;
    const raw = JSON.stringify(event);
    const wrapped = `{"stream":${JSON.stringify(stream)},"data":${raw}}`;
    for (const connection of holders) connection.send(connection.combined ? wrapped : raw);
  }
}
