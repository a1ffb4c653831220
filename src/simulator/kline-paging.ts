/**
 * Which bars a klines request returns, by Binance's rule for list endpoints: no times → the newest
 * `limit`; startTime → the oldest `limit` from there; endTime → the newest `limit` up to there;
 * both → from startTime, never past endTime. A bar is selected by its open time
 * (startTime ≤ openTime ≤ endTime), results ascend, and the range is clipped to
 * [bar containing the listing, bar forming now].
 */
import type { Interval } from './intervals.js';

export interface PageRequest {
  startTime?: number;
  endTime?: number;
  limit: number;
}

/** Open time of the first bar opening at or after `t`. */
function ceilToBar(interval: Interval, t: number): number {
  const floor = interval.floor(t);
  return floor === t ? t : interval.next(floor);
}

/** Open times of the bars to return, ascending. `firstOpen`/`lastOpen` bound what exists. */
export function pageOpenTimes(interval: Interval, firstOpen: number, lastOpen: number, request: PageRequest): number[] {
  const low = request.startTime === undefined ? firstOpen : Math.max(firstOpen, ceilToBar(interval, request.startTime));
  const high = request.endTime === undefined ? lastOpen : Math.min(lastOpen, interval.floor(request.endTime));
  if (low > high || request.limit <= 0) return [];
  const openTimes: number[] = [];
  if (request.startTime !== undefined) {
    for (let t = low; t <= high && openTimes.length < request.limit; t = interval.next(t)) openTimes.push(t);
    return openTimes;
  }
  for (let t = high; t >= low && openTimes.length < request.limit; t = interval.prev(t)) openTimes.push(t);
  return openTimes.reverse();
}
