/**
 * A candle as the gateway carries it: numbers for times and counts, the exchange's decimal strings
 * for prices and volumes (digit for digit), and whether the bar was final when it was read.
 */
import type { KlineRow } from '../exchange/binance-schemas.js';

export interface Candle {
  openTime: number;
  closeTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  quoteVolume: string;
  trades: number;
  /** True when closeTime had passed on the exchange's clock. */
  closed: boolean;
}

/** The compact form kept in the cache: [t, o, h, l, c, v, T, q, n, closed(0|1)]. */
export type CachedCandle = [number, string, string, string, string, string, number, string, number, 0 | 1];

/** A bar is final only when its close time has passed on the exchange's clock. */
export function candleFromRow(row: KlineRow, exchangeNow: number): Candle {
  return {
    openTime: row[0],
    open: row[1],
    high: row[2],
    low: row[3],
    close: row[4],
    volume: row[5],
    closeTime: row[6],
    quoteVolume: row[7],
    trades: row[8],
    closed: row[6] < exchangeNow,
  };
}

export function toCached(c: Candle): CachedCandle {
  return [c.openTime, c.open, c.high, c.low, c.close, c.volume, c.closeTime, c.quoteVolume, c.trades, c.closed ? 1 : 0];
}

export function fromCached(c: CachedCandle): Candle {
  return {
    openTime: c[0],
    open: c[1],
    high: c[2],
    low: c[3],
    close: c[4],
    volume: c[5],
    closeTime: c[6],
    quoteVolume: c[7],
    trades: c[8],
    closed: c[9] === 1,
  };
}
