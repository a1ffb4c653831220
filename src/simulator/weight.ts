/**
 * Request-weight accounting like Binance's per-IP limiter: a fixed one-minute window on the
 * exchange clock; going over the limit answers 429 (-1003) with Retry-After up to the window's end;
 * any request during that back-off earns a 418 ban (2 minutes, doubling for repeat offenders up to
 * 3 days), answered with Retry-After and "IP banned until <ms>".
 */
import type { ExchangeClock } from './clock.js';

const WINDOW_MS = 60_000;
const FIRST_BAN_MS = 2 * 60_000;
const LONGEST_BAN_MS = 3 * 24 * 60 * 60_000;

/** Either go ahead, or answer with this status, Retry-After and body. */
export type Admission =
  | { admitted: true }
  | { admitted: false; status: 429 | 418; retryAfterSec: number; body: { code: number; msg: string } };

export class WeightMeter {
  private windowStart = 0;
  private usedInWindow = 0;
  private backOffUntil = 0;
  private bannedUntil = 0;
  private nextBanMs = FIRST_BAN_MS;

  constructor(private readonly clock: ExchangeClock, readonly limitPerMinute: number) {}

  /** Weight used in the current window (the X-MBX-USED-WEIGHT-1M value). */
  used(): number {
    this.roll(this.clock.now());
    return this.usedInWindow;
  }

  /** Charges `weight` unless the caller is banned or backing off; says how to answer. */
  admit(weight: number): Admission {
    const now = this.clock.now();
    this.roll(now);
    if (now < this.bannedUntil) return this.banned(now);
    if (now < this.backOffUntil) {
      this.bannedUntil = now + this.nextBanMs;
      this.nextBanMs = Math.min(this.nextBanMs * 2, LONGEST_BAN_MS);
      return this.banned(now);
    }
    this.usedInWindow += weight;
    if (this.usedInWindow <= this.limitPerMinute) return { admitted: true };
    const windowEnd = this.windowStart + WINDOW_MS;
    this.backOffUntil = windowEnd;
    return {
      admitted: false,
      status: 429,
      retryAfterSec: Math.max(1, Math.ceil((windowEnd - now) / 1000)),
      body: {
        code: -1003,
        msg: `Too much request weight used; current limit is ${this.limitPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
      },
    };
  }

  /** Gives back weight charged up front (a successful order costs 0). */
  refund(weight: number): void {
    this.usedInWindow = Math.max(0, this.usedInWindow - weight);
  }

  reset(): void {
    this.usedInWindow = 0;
    this.backOffUntil = 0;
    this.bannedUntil = 0;
    this.nextBanMs = FIRST_BAN_MS;
  }

  private banned(now: number): Admission {
    return {
      admitted: false,
      status: 418,
      retryAfterSec: Math.max(1, Math.ceil((this.bannedUntil - now) / 1000)),
      body: {
        code: -1003,
        msg: `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`,
      },
    };
  }

  private roll(now: number): void {
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.usedInWindow = 0;
    }
  }
}
