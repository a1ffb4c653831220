/**
 * The pub/sub side of a candle stream: one channel per (symbol, interval), `candle:<SYMBOL>:<interval>`
 * with the exchange's interval string (case kept: `1M` is a month), carrying candles in the cache's
 * compact form (and the `released` notice every relayed stream has: relay-messages.ts).
 */
import { fromCached, toCached, type CachedCandle, type Candle } from '../market-data/candle.js';
import { intervals, type Interval } from '../market-data/intervals.js';

export function candleChannel(symbol: string, interval: Interval): string {
  return `candle:${symbol}:${intervals[interval].binance}`;
}

export function encodeCandle(candle: Candle): string {
  return JSON.stringify({ c: toCached(candle) });
}

/** The candle a channel message carries, or undefined for one of another shape. */
export function decodeCandleMessage(message: Record<string, unknown>): Candle | undefined {
  const cached = message.c;
  return Array.isArray(cached) && cached.length === 10 ? fromCached(cached as CachedCandle) : undefined;
}
