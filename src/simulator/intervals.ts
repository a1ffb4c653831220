/**
 * Binance's kline intervals and their bucket arithmetic on UTC epoch milliseconds: where a bar opens,
 * where the next one opens, when it closes. Every interval but `1w` and `1M` opens on a multiple of
 * its length since the epoch; `1w` opens on Mondays 00:00 UTC and `1M` on the 1st of each month UTC.
 */

/** The interval names Binance accepts, case-sensitive (`1m` is a minute, `1M` a month). */
export const intervalNames = [
  '1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M',
] as const;
export type IntervalName = (typeof intervalNames)[number];

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
// 1970-01-01 was a Thursday, so the first Monday 00:00 UTC is four days after the epoch.
const FIRST_MONDAY = 4 * DAY;

const fixedLengths: Record<Exclude<IntervalName, '1M'>, number> = {
  '1s': SECOND, '1m': MINUTE, '3m': 3 * MINUTE, '5m': 5 * MINUTE, '15m': 15 * MINUTE, '30m': 30 * MINUTE,
  '1h': HOUR, '2h': 2 * HOUR, '4h': 4 * HOUR, '6h': 6 * HOUR, '8h': 8 * HOUR, '12h': 12 * HOUR,
  '1d': DAY, '3d': 3 * DAY, '1w': 7 * DAY,
};

/** Bucket arithmetic for one interval. */
export interface Interval {
  readonly name: IntervalName;
  /** Stable small integer, used to salt per-interval randomness. */
  readonly index: number;
  /** Open time of the bar that contains `t`. */
  floor(t: number): number;
  /** Open time of the bar after the one opening at `openTime`. */
  next(openTime: number): number;
  /** Open time of the bar before the one opening at `openTime`. */
  prev(openTime: number): number;
}

function fixedInterval(name: Exclude<IntervalName, '1M'>, index: number): Interval {
  const length = fixedLengths[name];
  const origin = name === '1w' ? FIRST_MONDAY : 0;
  return {
    name,
    index,
    floor: (t) => Math.floor((t - origin) / length) * length + origin,
    next: (openTime) => openTime + length,
    prev: (openTime) => openTime - length,
  };
}

function monthInterval(index: number): Interval {
  const monthStart = (t: number, shift: number): number => {
    const d = new Date(t);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + shift, 1);
  };
  return {
    name: '1M',
    index,
    floor: (t) => monthStart(t, 0),
    next: (openTime) => monthStart(openTime, 1),
    prev: (openTime) => monthStart(openTime, -1),
  };
}

const intervals = new Map<string, Interval>(
  intervalNames.map((name, index) => [name, name === '1M' ? monthInterval(index) : fixedInterval(name, index)]),
);

/** The interval called `name` (case-sensitive), or undefined when Binance would answer -1120. */
export function findInterval(name: string): Interval | undefined {
  return intervals.get(name);
}

/** Close time of a bar: one millisecond before the next bar opens, as in every Binance example. */
export function closeTimeOf(interval: Interval, openTime: number): number {
  return interval.next(openTime) - 1;
}
