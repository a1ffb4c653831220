/**
 * Where bars open. Every interval has a fixed length except the month, whose bars open on the 1st
 * (UTC); weekly bars open on Mondays (the epoch was a Thursday). The gap checks of the stream need
 * exact open times, not estimates.
 */
import { intervals, type Interval } from '../market-data/intervals.js';

const day = 24 * 3_600_000;
/** 1970-01-01 was a Thursday: the first Monday 00:00 UTC is four days in. */
const firstMonday = 4 * day;

export function nextOpenTime(interval: Interval, openTime: number): number {
  if (interval === 'MONTH_1') {
    const d = new Date(openTime);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  return openTime + intervals[interval].minMs;
}

/** Open time of the bar containing `time`. */
export function barOpenAt(interval: Interval, time: number): number {
  if (interval === 'MONTH_1') {
    const d = new Date(time);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  }
  const length = intervals[interval].minMs;
  const origin = interval === 'WEEK_1' ? firstMonday : 0;
  return Math.floor((time - origin) / length) * length + origin;
}

/** Open time of the first bar opening at or after `time`. */
export function barOpenAtOrAfter(interval: Interval, time: number): number {
  const open = barOpenAt(interval, time);
  return open === time ? open : nextOpenTime(interval, open);
}
