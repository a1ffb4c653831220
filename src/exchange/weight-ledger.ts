/**
 * The exchange's request-weight budget, shared through the store: with Redis, every gateway
 * instance behind the same IP draws from one ledger, because Binance counts weight per IP and each
 * process counting alone is how other tools get banned. Also holds the back-off order after a 429
 * or 418, so that no instance sends anything until the exchange's Retry-After has passed.
 */
import type { Budgets, KeyValueStore } from '../store/store.js';
import type { Logger } from '../observability/logger.js';

const windowMs = 60_000;

export interface WeightStatus {
  /** Weight used in the exchange's current 1-minute window, as far as we know. */
  used: number;
  /** The exchange's REQUEST_WEIGHT limit per minute; null until exchangeInfo was read. */
  limit: number | null;
  /** Weight the gateway lets itself use per minute (the limit minus its head-room); null until the limit is known. */
  allowance: number | null;
  /** Until when (exchange ms) the exchange told us to stop; null when not backing off. */
  backoffUntil: number | null;
}

export class WeightLedger {
  private limit: number | null = null;
  private localBackoffUntil = 0;

  constructor(
    private readonly store: Budgets & KeyValueStore,
    private readonly logger: Logger,
    /** Share of the limit we allow ourselves. */
    private readonly headroom: number,
  ) {}

  setLimit(limitPerMinute: number): void {
    this.limit = limitPerMinute;
  }

  private key(exchangeNow: number): string {
    return `exchange:weight:${Math.floor(exchangeNow / windowMs)}`;
  }

  /**
   * Reserves `weight` in the current window. Returns 0 when granted, else the ms until the window
   * resets (the caller waits or gives up). Redis trouble must not stop market data, so a store
   * failure is logged and the request goes ahead on the exchange's own headers alone.
   */
  async reserve(weight: number, exchangeNow: number): Promise<number> {
    const allowance = this.allowance();
    if (allowance === null) return 0;
    try {
      const reservation = await this.store.reserveBudget(this.key(exchangeNow), weight, allowance, windowMs);
      if (reservation.ok) return 0;
      return windowMs - (exchangeNow % windowMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'weight ledger unavailable; relying on exchange headers');
      return 0;
    }
  }

  /** Records what the exchange reported in X-MBX-USED-WEIGHT-1M. */
  async observe(usedWeight: number, exchangeNow: number): Promise<void> {
    try {
      await this.store.raiseBudget(this.key(exchangeNow), usedWeight, windowMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record used weight');
    }
  }

  /** The exchange ordered a back-off (429/418) until `untilMs` (exchange clock). */
  async backOff(untilMs: number, exchangeNow: number): Promise<void> {
    this.localBackoffUntil = Math.max(this.localBackoffUntil, untilMs);
    try {
      await this.store.set('exchange:backoff-until', String(untilMs), Math.max(1, untilMs - exchangeNow));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not share the back-off order; holding it locally');
    }
  }

  /** Ms left of a back-off order (from any instance), 0 when none. */
  async backoffRemaining(exchangeNow: number): Promise<number> {
    let until = this.localBackoffUntil;
    try {
      const shared = await this.store.get('exchange:backoff-until');
      if (shared !== null) until = Math.max(until, Number(shared));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read the shared back-off order');
    }
    this.localBackoffUntil = until;
    return Math.max(0, until - exchangeNow);
  }

  async status(exchangeNow: number): Promise<WeightStatus> {
    let used = 0;
    try {
      used = await this.store.readBudget(this.key(exchangeNow));
    } catch (error) {
      this.logger.warn({ err: error }, 'could not read the weight ledger');
    }
    const backoff = await this.backoffRemaining(exchangeNow);
    return { used, limit: this.limit, allowance: this.allowance(), backoffUntil: backoff > 0 ? exchangeNow + backoff : null };
  }

  private allowance(): number | null {
    return this.limit === null ? null : Math.floor(this.limit * this.headroom);
  }
}
