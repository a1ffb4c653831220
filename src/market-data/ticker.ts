/** A symbol's rolling 24-hour statistics and best bid and ask, as the gateway carries it (the Ticker type). */
import type { Ticker24hrResponse } from '../exchange/binance-schemas.js';

export interface Ticker {
  symbol: string;
  lastPrice: string;
  bidPrice: string;
  bidQuantity: string;
  askPrice: string;
  askQuantity: string;
  open: string;
  high: string;
  low: string;
  volume: string;
  quoteVolume: string;
  priceChange: string;
  priceChangePercent: string;
  trades: number;
  openTime: number;
  closeTime: number;
}

export function tickerFromRest(row: Ticker24hrResponse): Ticker {
  return {
    symbol: row.symbol,
    lastPrice: row.lastPrice,
    bidPrice: row.bidPrice,
    bidQuantity: row.bidQty,
    askPrice: row.askPrice,
    askQuantity: row.askQty,
    open: row.openPrice,
    high: row.highPrice,
    low: row.lowPrice,
    volume: row.volume,
    quoteVolume: row.quoteVolume,
    priceChange: row.priceChange,
    priceChangePercent: row.priceChangePercent,
    trades: row.count,
    openTime: row.openTime,
    closeTime: row.closeTime,
  };
}
