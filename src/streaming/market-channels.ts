/**
 * The pub/sub side of relayed trades and tickers: `trades:<SYMBOL>` carries every trade of the
 * holder's tape in order, `ticker:<SYMBOL>` each ticker of the holder's stream (the book's channels:
 * book-channel.ts). Messages of another shape (a newer instance's) are ignored.
 */
import type { Ticker } from '../market-data/ticker.js';
import type { TradePrint } from '../market-data/trade.js';

export const tradesChannel = (symbol: string): string => `trades:${symbol}`;
export const tickerChannel = (symbol: string): string => `ticker:${symbol}`;

export function encodeTrade(trade: TradePrint): string {
  return JSON.stringify({ t: [trade.id, trade.price, trade.quantity, trade.quoteQuantity, trade.time, trade.buyerIsMaker] });
}

export function decodeTrade(message: Record<string, unknown>): TradePrint | undefined {
  const { t } = message;
  if (!Array.isArray(t) || t.length !== 6) return undefined;
  const [id, price, quantity, quoteQuantity, time, buyerIsMaker] = t as unknown[];
  if (typeof id !== 'string' || typeof price !== 'string' || typeof quantity !== 'string' || typeof quoteQuantity !== 'string') return undefined;
  if (typeof time !== 'number' || typeof buyerIsMaker !== 'boolean') return undefined;
  return { id, price, quantity, quoteQuantity, time, buyerIsMaker };
}

export function encodeTicker(ticker: Ticker): string {
  return JSON.stringify({ k: ticker });
}

export function decodeTicker(message: Record<string, unknown>): Ticker | undefined {
  const { k } = message;
  if (typeof k !== 'object' || k === null) return undefined;
  const ticker = k as Partial<Ticker>;
  return typeof ticker.symbol === 'string' && typeof ticker.lastPrice === 'string' && typeof ticker.closeTime === 'number' ? (k as Ticker) : undefined;
}
