/**
 * When to try connecting again. Exponential back-off with full jitter (a random delay between 0 and
 * base·2^attempt, capped) spreads the reconnects of many streams and instances; on top, a shared
 * budget of connection attempts (a sliding window in the store, so all instances behind one IP
 * count together) keeps us far below the exchange's 300 attempts per 5 minutes per IP.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger.js';
import type { SlidingWindows } from '../store/store.js';

/** The exchange allows 300 per 5 minutes per IP; we stay well below. */
export const connectAttemptBudget = { max: 120, windowMs: 5 * 60_000 } as const;

/** Delay before reconnect attempt number `attempt` (0 for the first retry), ms. */
export function reconnectDelayMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/**
 * Waits until the shared budget allows one more connection attempt, then counts it. A store that
 * does not answer does not block reconnects: the back-off alone still bounds them.
 */
export async function takeConnectAttempt(store: SlidingWindows, logger: Logger, signal: AbortSignal): Promise<void> {
  for (;;) {
    let retryAfterMs = 0;
    try {
      const hit = await store.hitWindow('market-stream:connect-attempts', connectAttemptBudget.max, connectAttemptBudget.windowMs);
      if (hit.allowed) return;
      retryAfterMs = hit.retryAfterMs;
    } catch (error) {
      logger.warn({ err: error }, 'connection attempt budget unavailable; relying on back-off alone');
      return;
    }
    logger.warn({ retryAfterMs }, 'market-stream connection attempt budget spent; waiting');
    await sleep(Math.max(100, retryAfterMs), undefined, { signal });
  }
}
