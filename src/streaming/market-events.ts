/**
 * The trade, book-ticker, diff-depth and ticker streams of a symbol: their names (`btcusdt@trade`,
 * `btcusdt@bookTicker`, `btcusdt@depth@100ms`, `btcusdt@ticker`: the symbol lowercased) and their
 * payloads parsed (zod) into the gateway's trades, book tops, book diffs and tickers.
 */
import { z } from 'zod';
import { decimalString, exchangeIdSchema, priceLevelSchema, type PriceLevelRow } from '../exchange/binance-schemas.js';
import type { BookTop } from '../market-data/book-top.js';
import type { Ticker } from '../market-data/ticker.js';
import { quoteQuantityOf, type TradePrint } from '../market-data/trade.js';

export const tradeStreamName = (symbol: string): string => `${symbol.toLowerCase()}@trade`;
export const bookTickerStreamName = (symbol: string): string => `${symbol.toLowerCase()}@bookTicker`;

const tradeEventSchema = z.looseObject({
  e: z.literal('trade'),
  t: exchangeIdSchema,
  p: decimalString,
  q: decimalString,
  T: z.number(),
  m: z.boolean(),
});

/** The trade, or undefined when the payload is not a trade event. */
export function parseTradeEvent(data: unknown): TradePrint | undefined {
  const parsed = tradeEventSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { t, p, q, T, m } = parsed.data;
  return { id: String(t), price: p, quantity: q, quoteQuantity: quoteQuantityOf(p, q), time: T, buyerIsMaker: m };
}

const bookTickerEventSchema = z.looseObject({
  u: exchangeIdSchema,
  s: z.string(),
  b: decimalString,
  B: decimalString,
  a: decimalString,
  A: decimalString,
});

/** A book-ticker event: the top and the book update id it is current to. */
export interface BookTopEvent {
  updateId: number;
  top: BookTop;
}

/** The event (stamped with `time`, the exchange clock now: the event carries none), or undefined. */
export function parseBookTickerEvent(data: unknown, time: number): BookTopEvent | undefined {
  const parsed = bookTickerEventSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { u, s, b, B, a, A } = parsed.data;
  return { updateId: u, top: { symbol: s, bidPrice: b, bidQuantity: B, askPrice: a, askQuantity: A, time } };
}

/** The diff-depth stream at its fastest, as the local book procedure wants it (reference §13). */
export const depthStreamName = (symbol: string): string => `${symbol.toLowerCase()}@depth@100ms`;

/** One diff event: the levels changed by update ids firstUpdateId..lastUpdateId, quantities absolute. */
export interface DepthDiff {
  firstUpdateId: number;
  lastUpdateId: number;
  bids: PriceLevelRow[];
  asks: PriceLevelRow[];
}

const depthEventSchema = z.looseObject({
  e: z.literal('depthUpdate'),
  U: exchangeIdSchema,
  u: exchangeIdSchema,
  b: z.array(priceLevelSchema),
  a: z.array(priceLevelSchema),
});

/** The diff, or undefined when the payload is not a depthUpdate event. */
export function parseDepthEvent(data: unknown): DepthDiff | undefined {
  const parsed = depthEventSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { U, u, b, a } = parsed.data;
  return { firstUpdateId: U, lastUpdateId: u, bids: b, asks: a };
}

/** The symbol's 24-hour ticker stream (every second). */
export const tickerStreamName = (symbol: string): string => `${symbol.toLowerCase()}@ticker`;

const tickerEventSchema = z.looseObject({
  e: z.literal('24hrTicker'),
  s: z.string(),
  p: decimalString,
  P: decimalString,
  c: decimalString,
  b: decimalString,
  B: decimalString,
  a: decimalString,
  A: decimalString,
  o: decimalString,
  h: decimalString,
  l: decimalString,
  v: decimalString,
  q: decimalString,
  O: z.number(),
  C: z.number(),
  n: z.number().int(),
});

/** The ticker, or undefined when the payload is not a 24hrTicker event. */
export function parseTickerEvent(data: unknown): Ticker | undefined {
  const parsed = tickerEventSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const t = parsed.data;
  return {
    symbol: t.s, lastPrice: t.c, bidPrice: t.b, bidQuantity: t.B, askPrice: t.a, askQuantity: t.A,
    open: t.o, high: t.h, low: t.l, volume: t.v, quoteVolume: t.q, priceChange: t.p, priceChangePercent: t.P,
    trades: t.n, openTime: t.O, closeTime: t.C,
  };
}
