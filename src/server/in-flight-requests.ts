/**
 * Counts the HTTP requests a node:http server is answering, so that shutdown can wait for them,
 * and knows its sockets (upgraded WebSockets included), so that shutdown can cut what is left
 * once its bound has passed. It listens beside the request handler (a second 'request' listener) instead of wrapping it, so
 * whatever handler app.ts installs (Yoga, the cached-query fast path) is covered.
 *
 * Once draining, every response still able to carry headers says `Connection: close`: a
 * keep-alive client then opens no further request on that connection, and Node closes it after
 * the response.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export class InFlightRequests {
  private readonly open = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.open.add(response);
      if (this.draining) closeAfter(response);
      response.once('close', () => {
        this.open.delete(response);
        if (this.open.size === 0) this.notifyIdle();
      });
    });
  }

  get size(): number {
    return this.open.size;
  }

  /** From now on, connections close after their current response. */
  drain(): void {
    this.draining = true;
    for (const response of this.open) closeAfter(response);
  }

  /** Resolves true once no request is open, or false when `timeoutMs` passed first. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(done);
    });
  }

  /** Destroys every socket still open (requests past the bound, WebSockets that ignored the close). */
  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}

function closeAfter(response: ServerResponse): void {
  if (!response.headersSent) response.setHeader('connection', 'close');
}
