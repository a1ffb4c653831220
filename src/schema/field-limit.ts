/**
 * One field's budget as @rateLimit states it (`max` calls per `window`), checked once when the
 * schema is built so that a typo fails at start-up, not on the first call.
 */

/** A @rateLimit directive's arguments. */
export interface FieldLimit {
  max: number;
  /** A duration such as "1m", "10s", "1h". */
  window: string;
}

/** A FieldLimit with its window in milliseconds. */
export interface ParsedFieldLimit extends FieldLimit {
  windowMs: number;
}

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Window strings in the subset of the `ms` package's syntax (which graphql-rate-limit parses them
 * with) that both read the same way: a whole number and one unit, s/m/h/d. Whole seconds at least,
 * because retryAfter is reported in whole seconds.
 */
export function parseWindow(window: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(window);
  const amount = match ? Number(match[1]) : 0;
  if (!match || amount < 1) {
    throw new Error(`@rateLimit window "${window}" is not a duration such as "10s", "1m", "1h" or "1d"`);
  }
  return amount * unitMs[match[2] as keyof typeof unitMs];
}

/** Validates a directive's arguments; throws naming the field when they make no sense. */
export function parseFieldLimit(coordinate: string, args: Record<string, unknown>): ParsedFieldLimit {
  const { max, window } = args;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
    // graphql-rate-limit would read max 0 as its default of 5: refuse it here instead.
    throw new Error(`@rateLimit on ${coordinate}: max must be a whole number of at least 1, got ${String(max)}`);
  }
  if (typeof window !== 'string') throw new Error(`@rateLimit on ${coordinate}: window must be a string such as "1m"`);
  try {
    return { max, window, windowMs: parseWindow(window) };
  } catch (error) {
    throw new Error(`@rateLimit on ${coordinate}: ${(error as Error).message}`);
  }
}
