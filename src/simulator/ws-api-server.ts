/**
 * The WebSocket API endpoint `/ws-api/v3` on the exchange's port: accepts connections (each costs
 * 2 request weight, on its own per-IP budget), keeps the sessions, and gives tests their levers:
 * drop every connection, stall user data delivery, announce a server shutdown.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WsApiSession, type WsApiConnectionOptions } from './ws-api-session.js';

export const WS_API_PATH = '/ws-api/v3';

export interface WsApiServerOptions extends WsApiConnectionOptions {
  /** Called per open connection; the returned function when it closes (keeps the markets pumping meanwhile). */
  hold(): () => void;
}

export class WsApiServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  private readonly sessions = new Set<WsApiSession>();
  private stalled = false;

  constructor(private readonly options: WsApiServerOptions) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const admission = this.options.meter.admit(2);
    if (!admission.admitted) {
      socket.end(`HTTP/1.1 ${admission.status} Too Many Requests\r\nRetry-After: ${admission.retryAfterSec}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const release = this.options.hold();
      const session = new WsApiSession(ws, {
        ...this.options,
        stalled: () => this.stalled,
        returnRateLimits: url.searchParams.get('returnRateLimits') !== 'false',
        closed: (s) => {
          this.sessions.delete(s);
          release();
        },
      });
      this.sessions.add(session);
    });
  }

  connectionCount(): number {
    return this.sessions.size;
  }

  subscriptionCount(): number {
    let n = 0;
    for (const session of this.sessions) n += session.subscriptionIds().length;
    return n;
  }

  dropConnections(): void {
    for (const session of this.sessions) session.ws.terminate();
  }

  stall(on: boolean): void {
    this.stalled = on;
  }

  announceShutdown(): void {
    for (const session of this.sessions) session.send({ event: { e: 'serverShutdown', E: this.options.now() } });
  }

  close(): void {
    this.dropConnections();
    this.wss.close();
  }
}
