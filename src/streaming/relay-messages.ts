/**
 * What every relayed stream's pub/sub channel has in common (candles, books, trades, tickers): JSON
 * messages, a `released` notice when the holder lets go of the upstream stream on purpose (so that a
 * follower takes over at once instead of waiting for the lock to expire), and the lock that elects
 * the holder, `stream-lock:<stream>`.
 */

export function streamLockKey(stream: string): string {
  return `stream-lock:${stream}`;
}

export const releasedMessage = JSON.stringify({ released: true });

/** A channel message as a JSON object, or undefined when it is not one (a newer instance's, say: ignored). */
export function parseChannelMessage(raw: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function isReleasedMessage(message: Record<string, unknown>): boolean {
  return message.released === true;
}
