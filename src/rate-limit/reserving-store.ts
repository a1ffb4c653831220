/**
 * A graphql-rate-limit Store whose read is an atomic reservation in our store.
 *
 * Why: graphql-rate-limit's limiter reads the call timestamps (getForIdentity), decides, then
 * writes them back (setForIdentity) in separate steps, so parallel calls all read the same old
 * list and all pass (measured: 10 parallel calls against max 2 all passed, with both of its own
 * stores). Here the read itself counts the call with Store.hitWindow (one Lua script in Redis, one
 * synchronous step in memory), which admits at most `max` calls per window across every gateway
 * instance sharing the store, and the write is a no-op. The read returns what the limiter must see to
 * reach the same verdict: nothing when the call was admitted, a full window when it was refused.
 *
 * One instance serves one call: it keeps that call's outcome (for retryAfter).
 */
import type { Identity, Store as RateLimitStore } from 'graphql-rate-limit';
import type { SlidingWindows, WindowHit } from '../store/store.js';
import type { ParsedFieldLimit } from './field-limit.js';

/** Store key of one API key's counter for one field. */
export function rateLimitKey(contextIdentity: string, fieldIdentity: string): string {
  return `ratelimit:${contextIdentity}:${fieldIdentity}`;
}

export class ReservingStore implements RateLimitStore {
  /** The reservation's outcome, once getForIdentity has run. */
  hit: WindowHit | undefined;

  constructor(
    private readonly store: SlidingWindows,
    private readonly limit: ParsedFieldLimit,
  ) {}

  async getForIdentity(identity: Identity): Promise<readonly number[]> {
    const { max, windowMs } = this.limit;
    const hit = await this.store.hitWindow(rateLimitKey(identity.contextIdentity, identity.fieldIdentity), max, windowMs);
    this.hit = hit;
    // The limiter adds this call to what it reads and refuses when the sum passes max. An admitted
    // call needs it to read nothing (listing every call already in the window would cost O(calls)
    // per request under a generous limit); a refused one needs a full window.
    const earlierCalls = hit.allowed ? 0 : max;
    // "Now" lies inside any window, so the limiter's own expiry filter keeps them all.
    return new Array<number>(earlierCalls).fill(Date.now());
  }

  setForIdentity(): void {
    // The call was counted, atomically, in getForIdentity.
  }
}
