/**
 * Pieces of the trade and ticker tests: the subscription documents, and the check of a tape a client
 * got against the exchange's own trades (GET /api/v3/historicalTrades).
 */
import { expect } from 'vitest';
import type { TradePrint } from '../../src/market-data/trade.js';
import type { FakeExchange } from '../../src/simulator/fake-exchange.js';

export const tradeFields = 'id price quantity quoteQuantity time buyerIsMaker';
export const tradesSubscription = `subscription ($symbol: String!) { trades(symbol: $symbol) { ${tradeFields} } }`;
export const tickerFields = 'symbol lastPrice bidPrice bidQuantity askPrice askQuantity open high low volume quoteVolume priceChange priceChangePercent trades openTime closeTime';
export const tickerSubscription = `subscription ($symbol: String!) { ticker(symbol: $symbol) { ${tickerFields} } }`;

/** A trade as the API shows it (time as ISO-8601). */
export interface LiveTrade {
  id: string;
  price: string;
  quantity: string;
  quoteQuantity: string;
  time: string;
  buyerIsMaker: boolean;
}

export interface TradeEvent {
  data?: { trades: LiveTrade } | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface TickerEvent {
  data?: { ticker: Record<string, string> & { trades: number } } | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

interface RestTrade {
  id: number;
  price: string;
  qty: string;
  quoteQty: string;
  time: number;
  isBuyerMaker: boolean;
}

export function tradesOf(events: TradeEvent[]): TradePrint[] {
  return events.flatMap((e) => (e.data?.trades ? [{ ...e.data.trades, time: Date.parse(e.data.trades.time) }] : []));
}

/** The exchange's trades from `fromId` on, `count` of them (paged by 1000). */
export async function exchangeTrades(fake: FakeExchange, symbol: string, fromId: string, count: number): Promise<TradePrint[]> {
  const out: TradePrint[] = [];
  let from = Number(fromId);
  while (out.length < count) {
    const response = await fetch(`${fake.url}/api/v3/historicalTrades?symbol=${symbol}&fromId=${from}&limit=${Math.min(1000, count - out.length)}`);
    const rows = (await response.json()) as RestTrade[];
    if (rows.length === 0) break;
    out.push(...rows.map((r) => ({ id: String(r.id), price: r.price, quantity: r.qty, quoteQuantity: r.quoteQty, time: r.time, buyerIsMaker: r.isBuyerMaker })));
    from = (rows.at(-1) as RestTrade).id + 1;
  }
  return out;
}

/** Consecutive ids, and exactly the exchange's trades, every field (the quote quantity too). */
export async function expectExchangeTrades(fake: FakeExchange, symbol: string, trades: TradePrint[]): Promise<void> {
  expect(trades.length).toBeGreaterThan(0);
  trades.forEach((t, i) => i > 0 && expect(Number(t.id)).toBe(Number((trades[i - 1] as TradePrint).id) + 1));
  expect(trades).toEqual(await exchangeTrades(fake, symbol, (trades[0] as TradePrint).id, trades.length));
}
