/**
 * The one klines pager: every bar of one symbol and interval opening in [from, to], page by page
 * (`klinesPageSize` bars each) by lastOpenTime + 1, de-duplicated at page seams by open time.
 *
 * A short page is no proof of the end (holes from exchange downtime are real), so it stops only when
 * no further bar can open inside the range: an empty page, `to` reached, or the forming bar reached
 * (`now`, when given).
 */
import type { BinanceClient } from '../exchange/binance-client.js';
import type { KlineRow } from '../exchange/binance-schemas.js';
import { klinesPageSize } from './candle-blocks.js';
import { intervals, type Interval } from './intervals.js';

export interface KlineRangeRequest {
  symbol: string;
  interval: Interval;
  /** Inclusive, ms. */
  from: number;
  /** Inclusive, ms. */
  to: number;
  /** The exchange's clock: no bar can open after it. Unset: the range alone bounds the paging. */
  now?: number;
  /** Pages the range may take before it is given up (RangeTooLongError). @default unbounded */
  maxPages?: number;
}

/** A range that needs more pages than the caller allows. */
export class RangeTooLongError extends Error {
  constructor(request: KlineRangeRequest) {
    super(`${request.symbol} ${request.interval} range too long to page (over ${request.maxPages} pages)`);
    this.name = 'RangeTooLongError';
  }
}

/** The range's bars, ascending by open time. */
export async function fetchKlineRange(exchange: Pick<BinanceClient, 'klines'>, request: KlineRangeRequest): Promise<KlineRow[]> {
  const spec = intervals[request.interval];
  const rows: KlineRow[] = [];
  const lastPossibleOpen = Math.min(request.to, request.now ?? Number.POSITIVE_INFINITY);
  let cursor = request.from;
  for (let page = 0; cursor <= lastPossibleOpen; page++) {
    if (request.maxPages !== undefined && page === request.maxPages) throw new RangeTooLongError(request);
    const batch = await exchange.klines({
      symbol: request.symbol,
      interval: spec.binance,
      startTime: cursor,
      endTime: request.to,
      limit: klinesPageSize,
    });
    for (const row of batch) {
      const last = rows.at(-1);
      if (row[0] >= request.from && row[0] <= request.to && (!last || row[0] > last[0])) rows.push(row);
    }
    const lastOpen = batch.at(-1)?.[0];
    if (lastOpen === undefined || lastOpen + spec.minMs > lastPossibleOpen) break;
    cursor = lastOpen + 1;
  }
  return rows;
}
