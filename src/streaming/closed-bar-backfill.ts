/**
 * The bars that closed while the stream was away, from REST: paged by lastOpenTime + 1 until an
 * empty page or the end (a short page is no proof of the end). Every bar before the one the stream
 * is on now is final, whatever our clock says, so they come back as closed.
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import { candleFromRow, type Candle } from '../market-data/candle.js';
import { intervals, type Interval } from '../market-data/intervals.js';

/** A gap longer than this many pages is not backfilled (the subscriber is told to resume instead). */
const maxPages = 50;

/** Bars with fromOpen ≤ openTime < beforeOpen, ascending, marked closed. */
export async function fetchClosedBars(
  exchange: BinanceClient,
  symbol: string,
  interval: Interval,
  fromOpen: number,
  beforeOpen: number,
): Promise<Candle[]> {
  const bars: Candle[] = [];
  let cursor = fromOpen;
  for (let page = 0; cursor < beforeOpen; page++) {
    if (page === maxPages) throw new Error(`gap of ${symbol} ${interval} too long to backfill (over ${maxPages} pages)`);
    const rows = await exchange.klines({
      symbol,
      interval: intervals[interval].binance,
      startTime: cursor,
      endTime: beforeOpen - 1,
      limit: 1000,
    });
    for (const row of rows) {
      if (row[0] >= cursor && row[0] < beforeOpen) bars.push({ ...candleFromRow(row, 0), closed: true });
    }
    const lastOpen = rows.at(-1)?.[0];
    if (lastOpen === undefined) break;
    cursor = lastOpen + 1;
  }
  return bars;
}
