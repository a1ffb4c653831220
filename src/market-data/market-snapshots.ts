/**
 * Tickers, order books and recent trades for queries (Market.ticker, Market.orderBook, Market.trades),
 * shared by every operation: from a live stream this instance holds where there is one (a book in
 * sync deep enough, a ticker, a trade tape holding enough trades), else from the exchange. Identical
 * asks under way share one request, and answers serve again for a short while (recent-answers.ts):
 * a ticker for as long as the exchange's own stream takes to change it, a book and the tape for one
 * tick of the diff stream. A batch of tickers is one ticker/24hr call for all the symbols not
 * answered otherwise; a book is fetched at the deepest depth of its weight bracket, so that shallower
 * asks share it at no extra weight.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import type { DepthSnapshotResponse } from '../exchange/binance-schemas.js';
import type { OrderBook } from './order-book.js';
import { bookView, cutView, type OrderBookView } from './order-book-view.js';
import { RecentAnswers } from './recent-answers.js';
import { tickerFromRest, type Ticker } from './ticker.js';
import { maxTradesLimit, tradeFromRow, type TradePrint } from './trade.js';

/** The ticker stream pushes once a second: an answer younger than that is as new as any. */
export const tickerAnswerTtlMs = 1000;
/** The diff stream's tick. */
export const bookAnswerTtlMs = 100;
export const tradesAnswerTtlMs = 100;
/** GET /api/v3/trades costs the same at any limit: one fetch of the most serves every ask. */
const tradesFetched = maxTradesLimit;

/** What this instance holds live, looked up per symbol (streaming/ fills it in). */
export interface LiveMarketData {
  /** A book in sync with the exchange. */
  book(symbol: string): OrderBook | undefined;
  ticker(symbol: string): Ticker | undefined;
  /** The newest `limit` trades, oldest first, when held without a gap. */
  recentTrades(symbol: string, limit: number): TradePrint[] | undefined;
}

export interface MarketSnapshotsDeps {
  exchange: Pick<MarketDataClient, 'tickers24hr' | 'depth' | 'recentTrades'>;
  live?: LiveMarketData;
}

/** The deepest depth that costs what `depth` costs (endpoints.ts: 100, 500, 1000, 5000). */
export function depthBracket(depth: number): number {
  return depth <= 100 ? 100 : depth <= 500 ? 500 : depth <= 1000 ? 1000 : 5000;
}

function viewOf(symbol: string, response: DepthSnapshotResponse): OrderBookView {
  const levels = (rows: [string, string][]) => rows.map(([price, quantity]) => ({ price, quantity }));
  return { symbol, lastUpdateId: String(response.lastUpdateId), bids: levels(response.bids), asks: levels(response.asks) };
}

export class MarketSnapshots {
  private readonly tickers = new RecentAnswers<null, Ticker>(tickerAnswerTtlMs, () => true);
  private readonly books = new RecentAnswers<number, OrderBookView>(bookAnswerTtlMs, (fetched, asked) => fetched >= asked);
  private readonly tapes = new RecentAnswers<null, TradePrint[]>(tradesAnswerTtlMs, () => true);

  constructor(private readonly deps: MarketSnapshotsDeps) {}

  /** The tickers of `symbols` (the exchange's spelling), in their order. */
  async tickersOf(symbols: readonly string[]): Promise<Ticker[]> {
    const unfetched: string[] = [];
    let settle: { resolve: (rows: Map<string, Ticker>) => void; reject: (error: unknown) => void } | undefined;
    const batch = new Promise<Map<string, Ticker>>((resolve, reject) => (settle = { resolve, reject }));
    const answers = symbols.map((symbol) => {
      const live = this.deps.live?.ticker(symbol);
      if (live) return Promise.resolve(live);
      return this.tickers.get(symbol, null, () => {
        unfetched.push(symbol);
        return { loadedFor: null, value: batch.then((rows) => rows.get(symbol) ?? Promise.reject(new Error(`ticker/24hr returned no ${symbol}`))) };
      });
    });
    if (unfetched.length > 0) {
      this.deps.exchange.tickers24hr(unfetched).then(
        (rows) => settle?.resolve(new Map(rows.map((row) => [row.symbol, tickerFromRest(row)]))),
        (error: unknown) => settle?.reject(error),
      );
    }
    return Promise.all(answers);
  }

  /** The best `depth` levels (1..5000) of the symbol's book. */
  async orderBook(symbol: string, depth: number): Promise<OrderBookView> {
    const live = this.deps.live?.book(symbol);
    if (live && live.knownDepth() >= depth) return bookView(symbol, live, depth);
    const fetched = await this.books.get(symbol, depth, () => {
      const limit = depthBracket(depth);
      return { loadedFor: limit, value: this.deps.exchange.depth(symbol, limit).then((response) => viewOf(symbol, response)) };
    });
    return cutView(fetched, depth);
  }

  /** The newest `limit` trades (1..1000) of the symbol, oldest first. */
  async recentTrades(symbol: string, limit: number): Promise<TradePrint[]> {
    const live = this.deps.live?.recentTrades(symbol, limit);
    if (live) return live;
    const fetched = await this.tapes.get(symbol, null, () => ({
      loadedFor: null,
      value: this.deps.exchange.recentTrades(symbol, tradesFetched).then((rows) => rows.map(tradeFromRow)),
    }));
    return fetched.length > limit ? fetched.slice(fetched.length - limit) : fetched;
  }
}
