/**
 * The pub/sub side of a relayed order book: on `book:<SYMBOL>` the holder publishes, in order, every
 * diff its book applied and its whole book (as far as it surely knows it) after each rebuild and when
 * asked; on `book-request:<SYMBOL>` a follower asks for that book. A follower keeps its copy by the
 * same procedure as the holder's own (book-sync.ts), so a lost message costs it a rebuild, never a
 * wrong book.
 */
import type { PriceLevelRow } from '../exchange/binance-schemas.js';
import type { BookSnapshot } from '../market-data/order-book.js';
import type { DepthDiff } from './market-events.js';

export const bookChannel = (symbol: string): string => `book:${symbol}`;
export const bookRequestChannel = (symbol: string): string => `book-request:${symbol}`;
export const bookRequestMessage = JSON.stringify({ q: 1 });

export type BookMessage = { kind: 'diff'; diff: DepthDiff } | { kind: 'snapshot'; snapshot: BookSnapshot };

export function encodeDiff(diff: DepthDiff): string {
  return JSON.stringify({ d: [diff.firstUpdateId, diff.lastUpdateId, diff.bids, diff.asks] });
}

export function encodeSnapshot(snapshot: BookSnapshot): string {
  return JSON.stringify({ s: [snapshot.lastUpdateId, snapshot.bids, snapshot.asks, snapshot.bidsComplete, snapshot.asksComplete] });
}

const isLevels = (value: unknown): value is PriceLevelRow[] => Array.isArray(value);

/** The message, or undefined for one of another shape (a newer instance's: ignored). */
export function decodeBookMessage(message: Record<string, unknown>): BookMessage | undefined {
  const { d, s } = message;
  if (Array.isArray(d) && d.length === 4) {
    const [U, u, bids, asks] = d as unknown[];
    if (typeof U === 'number' && typeof u === 'number' && isLevels(bids) && isLevels(asks)) {
      return { kind: 'diff', diff: { firstUpdateId: U, lastUpdateId: u, bids, asks } };
    }
  }
  if (Array.isArray(s) && s.length === 5) {
    const [lastUpdateId, bids, asks, bidsComplete, asksComplete] = s as unknown[];
    if (typeof lastUpdateId === 'number' && isLevels(bids) && isLevels(asks)) {
      return { kind: 'snapshot', snapshot: { lastUpdateId, bids, asks, bidsComplete: bidsComplete === true, asksComplete: asksComplete === true } };
    }
  }
  return undefined;
}
