/**
 * Pieces of the order-book tests: the subscription document, and the check of a book a client got
 * against the simulator's own book at that update id (GET /__admin/book).
 */
import { expect } from 'vitest';
import type { FakeExchange } from '../../src/simulator/fake-exchange.js';

export interface LiveBook {
  symbol: string;
  lastUpdateId: string;
  bids: { price: string; quantity: string }[];
  asks: { price: string; quantity: string }[];
}

export interface BookEvent {
  data?: { orderBook: LiveBook } | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export const orderBookSubscription = `subscription ($symbol: String!, $depth: Int) {
  orderBook(symbol: $symbol, depth: $depth) { symbol lastUpdateId bids { price quantity } asks { price quantity } }
}`;

export function booksOf(events: BookEvent[]): LiveBook[] {
  return events.flatMap((e) => (e.data?.orderBook ? [e.data.orderBook] : []));
}

/** The simulator keeps the top 50 levels of its recent books. */
const checkedDepth = 50;

/** The exchange's own book at the book's update id, to the book's depth (at most 50 levels). */
export async function exchangeBookAt(fake: FakeExchange, symbol: string, updateId: string, depth: number): Promise<LiveBook> {
  const response = await fetch(`${fake.url}/__admin/book?symbol=${symbol}&depth=${Math.min(depth, checkedDepth)}&updateId=${updateId}`);
  const body = (await response.json()) as { lastUpdateId: number; bids: [string, string][]; asks: [string, string][] };
  if (response.status !== 200) throw new Error(`admin book ${updateId}: ${response.status} ${JSON.stringify(body)}`);
  const levels = (rows: [string, string][]) => rows.map(([price, quantity]) => ({ price, quantity }));
  return { symbol, lastUpdateId: String(body.lastUpdateId), bids: levels(body.bids), asks: levels(body.asks) };
}

/** Every book is the exchange's book at its update id (the first 50 levels of deeper ones), ids ascending. */
export async function expectExchangeBooks(fake: FakeExchange, books: LiveBook[], depth: number): Promise<void> {
  expect(books.length).toBeGreaterThan(0);
  for (const [i, book] of books.entries()) {
    if (i > 0) expect(BigInt(book.lastUpdateId)).toBeGreaterThan(BigInt((books[i - 1] as LiveBook).lastUpdateId));
    expect(book.bids.length).toBe(depth);
    expect(book.asks.length).toBe(depth);
    const cut = (b: LiveBook): LiveBook => ({ ...b, bids: b.bids.slice(0, checkedDepth), asks: b.asks.slice(0, checkedDepth) });
    expect(cut(book)).toEqual(await exchangeBookAt(fake, book.symbol, book.lastUpdateId, depth));
  }
}
