/**
 * The contract's Interval enum and what each means upstream. Binance interval strings are
 * case-sensitive ('1m' is a minute, '1M' a month), so they are only ever taken from this table.
 */
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export interface IntervalSpec {
  /** Binance's interval string. */
  binance: string;
  /** Shortest length of one bar, ms (a month is at least 28 days). */
  minMs: number;
  /** Longest length of one bar, ms (a month is at most 31 days). */
  maxMs: number;
}

export const intervals = {
  MIN_1: { binance: '1m', minMs: minute, maxMs: minute },
  MIN_3: { binance: '3m', minMs: 3 * minute, maxMs: 3 * minute },
  MIN_5: { binance: '5m', minMs: 5 * minute, maxMs: 5 * minute },
  MIN_15: { binance: '15m', minMs: 15 * minute, maxMs: 15 * minute },
  MIN_30: { binance: '30m', minMs: 30 * minute, maxMs: 30 * minute },
  HOUR_1: { binance: '1h', minMs: hour, maxMs: hour },
  HOUR_2: { binance: '2h', minMs: 2 * hour, maxMs: 2 * hour },
  HOUR_4: { binance: '4h', minMs: 4 * hour, maxMs: 4 * hour },
  HOUR_6: { binance: '6h', minMs: 6 * hour, maxMs: 6 * hour },
  HOUR_8: { binance: '8h', minMs: 8 * hour, maxMs: 8 * hour },
  HOUR_12: { binance: '12h', minMs: 12 * hour, maxMs: 12 * hour },
  DAY_1: { binance: '1d', minMs: day, maxMs: day },
  DAY_3: { binance: '3d', minMs: 3 * day, maxMs: 3 * day },
  WEEK_1: { binance: '1w', minMs: 7 * day, maxMs: 7 * day },
  MONTH_1: { binance: '1M', minMs: 28 * day, maxMs: 31 * day },
} as const satisfies Record<string, IntervalSpec>;

export type Interval = keyof typeof intervals;
export const intervalNames = Object.keys(intervals) as Interval[];
