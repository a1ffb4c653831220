/**
 * The public market-data calls beyond klines (ticker/bookTicker, ticker/24hr, depth, trades,
 * historicalTrades, avgPrice), parsed with zod, sent through the BinanceClient's one pipeline (weights charged
 * to the shared ledger as endpoints.ts counts them, back-off orders, bounded concurrency, typed
 * errors). It carries the client's exchange clock, which its users stamp what they read with.
 */
import type { BinanceClient } from './binance-client.js';
import {
  avgPriceSchema,
  bookTickerSchema,
  depthSnapshotSchema,
  ticker24hrListSchema,
  ticker24hrSchema,
  tradeRowsSchema,
  type BookTickerResponse,
  type DepthSnapshotResponse,
  type Ticker24hrResponse,
  type TradeRow,
} from './binance-schemas.js';
import { endpoints } from './endpoints.js';
import type { ServerClock } from './server-clock.js';

const clamp = (value: number, max: number): number => Math.max(1, Math.min(max, value));

export class MarketDataClient {
  readonly clock: ServerClock;

  constructor(private readonly client: Pick<BinanceClient, 'sendPublic' | 'clock'>) {
    this.clock = client.clock;
  }

  /** The best bid and ask of one symbol. */
  bookTicker(symbol: string): Promise<BookTickerResponse> {
    return this.client.sendPublic({ endpoint: endpoints.bookTicker, params: { symbol }, schema: bookTickerSchema });
  }

  /** Rolling 24-hour tickers of the symbols, in one call (its weight grows with their number: endpoints.ts). */
  async tickers24hr(symbols: readonly string[]): Promise<Ticker24hrResponse[]> {
    if (symbols.length === 1) {
      return [await this.client.sendPublic({ endpoint: endpoints.ticker24hr, params: { symbol: symbols[0] }, schema: ticker24hrSchema })];
    }
    return this.client.sendPublic({ endpoint: endpoints.ticker24hr, params: { symbols: JSON.stringify(symbols) }, schema: ticker24hrListSchema });
  }

  /** The book's best `limit` levels per side (1..5000) and the update id it is current to. */
  depth(symbol: string, limit: number): Promise<DepthSnapshotResponse> {
    return this.client.sendPublic({ endpoint: endpoints.depth, params: { symbol, limit: clamp(limit, 5000) }, schema: depthSnapshotSchema });
  }

  /** The most recent `limit` trades (1..1000), oldest first. */
  recentTrades(symbol: string, limit: number): Promise<TradeRow[]> {
    return this.client.sendPublic({ endpoint: endpoints.trades, params: { symbol, limit: clamp(limit, 1000) }, schema: tradeRowsSchema });
  }

  /** Up to `limit` trades (1..1000) from trade id `fromId` on, oldest first. */
  historicalTrades(symbol: string, fromId: number, limit: number): Promise<TradeRow[]> {
    return this.client.sendPublic({ endpoint: endpoints.historicalTrades, params: { symbol, fromId, limit: clamp(limit, 1000) }, schema: tradeRowsSchema });
  }

  /** The exchange's average price (GET /api/v3/avgPrice: the VWAP of its last few minutes; PERCENT_PRICE filters). */
  async avgPrice(symbol: string): Promise<string> {
    return (await this.client.sendPublic({ endpoint: endpoints.avgPrice, params: { symbol }, schema: avgPriceSchema })).price;
  }
}
