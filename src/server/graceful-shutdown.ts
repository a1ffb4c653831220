/**
 * The gateway's stop(): in this order,
 * 1. stop accepting connections (idle keep-alive connections close; busy ones close after their
 *    current response);
 * 2. complete every open subscription properly (SSE: `event: complete`; graphql-ws: a `complete`
 *    message each), then close the WebSocket connections with 1001 (going away);
 * 3. wait for in-flight HTTP operations, at most until the bound, then cut whatever is left;
 * 4. release the resources operations used (upstream streams, the exchange client, the store),
 *    only now, since in-flight operations needed them.
 */
import type { Server } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { InFlightRequests } from './in-flight-requests.js';
import type { Logger } from '../observability/logger.js';
import type { SubscriptionTracker } from './subscription-tracker.js';

export interface ShutdownResource {
  name: string;
  close: () => unknown;
}

export interface GracefulShutdownParts {
  server: Server;
  inFlight: InFlightRequests;
  subscriptions: SubscriptionTracker;
  /** Closes the graphql-ws connections (code 1001) and the WebSocket server. */
  closeWebSockets: () => Promise<void>;
  /** Released last, in this order. */
  resources: ShutdownResource[];
  /** How long in-flight operations may take to finish, ms. */
  timeoutMs: number;
  logger: Logger;
}

export async function shutDownGracefully(parts: GracefulShutdownParts): Promise<void> {
  const { server, inFlight, logger } = parts;
  const deadline = Date.now() + parts.timeoutMs;
  const remaining = () => Math.max(0, deadline - Date.now());
  logger.info({ inFlight: inFlight.size, subscriptions: parts.subscriptions.size, timeoutMs: parts.timeoutMs }, 'stopping');

  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  inFlight.drain();

  parts.subscriptions.completeAll();
  // The transports write their completion in the promise jobs that follow the end of a stream;
  // one turn of the event loop lets them all run before the sockets are closed.
  await nextTurn();
  const webSocketsClosed = await settlesWithin(parts.closeWebSockets(), remaining());
  if (!webSocketsClosed) logger.warn('shutdown: WebSocket clients did not acknowledge the close in time');

  const idle = await inFlight.whenIdle(remaining());
  if (!idle) logger.warn({ open: inFlight.size }, 'shutdown: cutting requests still open after the bound');
  server.closeAllConnections();
  inFlight.destroyAll();
  await serverClosed;

  for (const resource of parts.resources) {
    try {
      await resource.close();
    } catch (error) {
      logger.error({ err: error, resource: resource.name }, 'shutdown: could not close cleanly');
    }
  }
  logger.info('stopped');
}

/** True when `promise` settles within `ms`; its rejection counts as settled (and is logged by no one: closing anyway). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
