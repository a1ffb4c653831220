/**
 * The per-operation DataLoaders of Market.ticker, Market.orderBook and Market.trades: every ask of
 * one operation goes out in one batch, so `markets(symbols: [...]) { ticker }` is one ticker/24hr call
 * for all its symbols, and several depths (or limits) of one symbol are one book (or tape) fetched at
 * the deepest of them. Across operations, market-snapshots.ts shares what is under way.
 */
import DataLoader from 'dataloader';
import type { MarketSnapshots } from './market-snapshots.js';
import { cutView, type OrderBookView } from './order-book-view.js';
import type { Ticker } from './ticker.js';
import type { TradePrint } from './trade.js';

/** What one symbol's ask is for: a book `size` levels deep, or its newest `size` trades. */
export interface SizedAsk {
  symbol: string;
  size: number;
}

export interface MarketDataLoaders {
  tickers: DataLoader<string, Ticker>;
  orderBooks: DataLoader<SizedAsk, OrderBookView, string>;
  trades: DataLoader<SizedAsk, TradePrint[], string>;
}

/** One fetch per symbol at the largest size asked, each ask cut from it. */
function sizedLoader<V>(fetch: (symbol: string, size: number) => Promise<V>, cut: (value: V, size: number) => V): DataLoader<SizedAsk, V, string> {
  return new DataLoader<SizedAsk, V, string>(
    async (asks) => {
      const largest = new Map<string, number>();
      for (const { symbol, size } of asks) largest.set(symbol, Math.max(size, largest.get(symbol) ?? 0));
      const fetched = new Map([...largest].map(([symbol, size]) => [symbol, fetch(symbol, size)]));
      const settled = await Promise.allSettled(asks.map(async ({ symbol, size }) => cut(await (fetched.get(symbol) as Promise<V>), size)));
      return settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : toError(outcome.reason)));
    },
    { cacheKeyFn: ({ symbol, size }) => `${symbol}|${size}` },
  );
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

export function createMarketDataLoaders(snapshots: MarketSnapshots): MarketDataLoaders {
  return {
    tickers: new DataLoader<string, Ticker>(async (symbols) => {
      try {
        return await snapshots.tickersOf(symbols);
      } catch (error) {
        return symbols.map(() => toError(error));
      }
    }),
    orderBooks: sizedLoader((symbol, depth) => snapshots.orderBook(symbol, depth), cutView),
    trades: sizedLoader(
      (symbol, limit) => snapshots.recentTrades(symbol, limit),
      (trades, limit) => (trades.length > limit ? trades.slice(trades.length - limit) : trades),
    ),
  };
}
