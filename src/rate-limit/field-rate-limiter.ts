/**
 * Enforces @rateLimit budgets, per API key and field, through graphql-rate-limit's limiter (its
 * identity handling, verdict and message) over an atomic counter in the gateway's store (see
 * reserving-store.ts for why the counting cannot be left to the limiter). With Redis, every
 * gateway instance on that Redis draws from one budget.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { getGraphQLRateLimiter } from 'graphql-rate-limit';
import { RateLimitedError } from '../schema/errors.js';
import type { Logger } from '../observability/logger.js';
import { type SlidingWindows, StoreError } from '../store/store.js';
import { parseFieldLimit, type FieldLimit, type ParsedFieldLimit } from './field-limit.js';
import { rateLimitKey, ReservingStore } from './reserving-store.js';

/** A resolver call, as graphql-rate-limit's limiter takes it. */
export interface RateLimitedCall {
  parent: unknown;
  args: Record<string, unknown>;
  context: unknown;
  info: GraphQLResolveInfo;
}

export interface FieldRateLimiterOptions {
  store: SlidingWindows;
  logger: Logger;
  /** Limits that replace a field's @rateLimit arguments, by schema coordinate ("Query.ohlcv"). */
  overrides?: Readonly<Record<string, FieldLimit>>;
}

export class FieldRateLimiter {
  private readonly overrides: Map<string, ParsedFieldLimit>;

  constructor(private readonly options: FieldRateLimiterOptions) {
    this.overrides = new Map(
      Object.entries(options.overrides ?? {}).map(([coordinate, limit]) => [coordinate, parseFieldLimit(coordinate, { ...limit })]),
    );
  }

  /** The limit in force on a field: the configured override, else what its directive says. */
  limitOf(coordinate: string, declared: ParsedFieldLimit): ParsedFieldLimit {
    return this.overrides.get(coordinate) ?? declared;
  }

  /**
   * Counts one call of `coordinate` by the key `viewerId`; throws RATE_LIMITED (with retryAfter in
   * whole seconds) when the key has used its budget. When the store is down, `failOpen` lets the
   * call through (reads: the exchange weight ledger still guards the exchange); otherwise the
   * store's error propagates.
   */
  async consume(
    viewerId: string,
    coordinate: string,
    declared: ParsedFieldLimit,
    call: RateLimitedCall,
    failOpen: boolean,
  ): Promise<void> {
    const limit = this.limitOf(coordinate, declared);
    // One limiter and store per call: the store keeps this call's reservation, for retryAfter.
    const reservation = new ReservingStore(this.options.store, limit);
    const limiter = getGraphQLRateLimiter({
      identifyContext: () => viewerId,
      store: reservation,
      formatError: ({ max }) => `Too many calls of ${coordinate}: at most ${max} per ${limit.window} per API key.`,
    });
    let message: string | undefined;
    try {
      // The limiter names a field by info.fieldName; the coordinate keeps Query.x and Mutation.x apart.
      message = await limiter({ ...call, info: { ...call.info, fieldName: coordinate } }, { max: limit.max, window: limit.window });
    } catch (error) {
      if (!(failOpen && error instanceof StoreError)) throw error;
      this.options.logger.warn({ err: error, field: coordinate }, 'rate-limit store unavailable; letting a read through');
      return;
    }
    if (message === undefined) return;
    const retryAfter = Math.max(1, Math.ceil((reservation.hit?.retryAfterMs ?? limit.windowMs) / 1000));
    throw new RateLimitedError(`${message} Retry in ${retryAfter} s.`, retryAfter);
  }

  /** Calls the key has left on the field in the current window, without counting one. */
  remaining(viewerId: string, coordinate: string, declared: ParsedFieldLimit): Promise<number> {
    const limit = this.limitOf(coordinate, declared);
    return this.options.store.peekWindow(rateLimitKey(viewerId, coordinate), limit.max, limit.windowMs);
  }
}
