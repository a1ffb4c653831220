/**
 * Kline stream names: the symbol lowercased, the interval's case kept (`btcusdt@kline_1m`;
 * `btcusdt@kline_1M` is a month), exactly as the exchange expects them.
 */
import { intervals, type Interval } from '../market-data/intervals.js';

export function klineStreamName(symbol: string, interval: Interval): string {
  return `${symbol.toLowerCase()}@kline_${intervals[interval].binance}`;
}
