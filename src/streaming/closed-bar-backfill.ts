/**
 * The bars that closed while the stream was away, from REST (market-data/kline-range.ts). Every bar
 * before the one the stream is on now is final, whatever our clock says, so they come back as closed.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import { candleFromRow, type Candle } from '../market-data/candle.js';
import type { Interval } from '../market-data/intervals.js';
import { fetchKlineRange } from '../market-data/kline-range.js';

/** A gap longer than this many pages is not backfilled (the subscriber is told to resume instead). */
const maxPages = 50;

/** Bars with fromOpen ≤ openTime < beforeOpen, ascending, marked closed. */
export async function fetchClosedBars(
  exchange: Pick<BinanceClient, 'klines'>,
  symbol: string,
  interval: Interval,
  fromOpen: number,
  beforeOpen: number,
): Promise<Candle[]> {
  const rows = await fetchKlineRange(exchange, { symbol, interval, from: fromOpen, to: beforeOpen - 1, maxPages });
  return rows.map((row) => ({ ...candleFromRow(row, 0), closed: true }));
}
