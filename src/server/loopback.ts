/**
 * Whether a request came from this machine. The development key is only ever embedded in pages
 * (GraphiQL, /chart) served to loopback clients: with HOST=0.0.0.0 in development, anyone else on
 * the network would otherwise be handed a read,trade key.
 */
import type { IncomingMessage } from 'node:http';

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** Yoga's server context on node:http carries the IncomingMessage as `req`. */
export function fromLoopback(serverContext: unknown): boolean {
  const request = (serverContext as { req?: IncomingMessage } | undefined)?.req;
  return isLoopbackAddress(request?.socket.remoteAddress);
}
