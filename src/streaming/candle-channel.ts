/**
 * The pub/sub side of a candle stream: one channel per (symbol, interval), `candle:<SYMBOL>:<interval>`
 * with the exchange's interval string (case kept: `1M` is a month), carrying candles in the cache's
 * compact form, plus a `released` notice when a holder lets go of the upstream stream so that a
 * follower takes over at once instead of waiting for the lock to expire.
 */
import { fromCached, toCached, type CachedCandle, type Candle } from '../market-data/candle.js';
import { intervals, type Interval } from '../market-data/intervals.js';

export type ChannelMessage = { kind: 'candle'; candle: Candle } | { kind: 'released' };

export function candleChannel(symbol: string, interval: Interval): string {
  return `candle:${symbol}:${intervals[interval].binance}`;
}

export function streamLockKey(stream: string): string {
  return `stream-lock:${stream}`;
}

export function encodeCandle(candle: Candle): string {
  return JSON.stringify({ c: toCached(candle) });
}

export const releasedMessage = JSON.stringify({ released: true });

/** Undefined for a message of an unknown shape (a newer instance's, say): it is ignored. */
export function decodeChannelMessage(raw: string): ChannelMessage | undefined {
  try {
    const parsed = JSON.parse(raw) as { c?: CachedCandle; released?: boolean };
    if (Array.isArray(parsed.c) && parsed.c.length === 10) return { kind: 'candle', candle: fromCached(parsed.c) };
    if (parsed.released === true) return { kind: 'released' };
  } catch {
    // fall through: not ours
  }
  return undefined;
}
