/**
 * Shared pieces of the streaming tests: the subscription document, graphql-sse and graphql-ws
 * clients as a browser would use them, a collector that drains a subscription in the background,
 * and a poll-until helper.
 */
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type { FakeExchange } from '../../src/simulator/fake-exchange.js';

export interface LiveCandle {
  openTime: string;
  closeTime: string;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  trades: number;
  closed: boolean;
}

export interface CandleEvent {
  data?: { candles: LiveCandle } | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export const candleFields = 'openTime closeTime open high low close volume trades closed';

export const candlesSubscription = `subscription ($symbol: String!, $interval: Interval!, $since: DateTime) {
  candles(symbol: $symbol, interval: $interval, since: $since) { ${candleFields} }
}`;

export const minute = 60_000;

export function sseClient(baseUrl: string, apiKey: string): SseClient {
  return createSseClient({ url: `${baseUrl}/graphql`, headers: { 'x-api-key': apiKey }, retryAttempts: 0 });
}

export function wsClient(baseUrl: string, apiKey: string | undefined): WsClient {
  return createWsClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: apiKey ? { 'x-api-key': apiKey } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export interface Collector<T> {
  items: T[];
  /** Resolves once `predicate` holds over the items (checked on each arrival and now). */
  waitFor(predicate: (items: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  /** True once the iterator finished. */
  readonly done: boolean;
  error: unknown;
  stop(): Promise<void>;
}

/** Drains `iterator` in the background into `items`. */
export function collect<T>(iterator: AsyncIterableIterator<T>): Collector<T> {
  const items: T[] = [];
  const listeners = new Set<() => void>();
  let done = false;
  let error: unknown;
  void (async () => {
    try {
      for await (const item of iterator) {
        items.push(item);
        for (const listener of [...listeners]) listener();
      }
    } catch (e) {
      error = e;
    }
    done = true;
    for (const listener of [...listeners]) listener();
  })();
  return {
    items,
    get done() {
      return done;
    },
    get error() {
      return error;
    },
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (!predicate(items)) return false;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(items);
          return true;
        };
        const listener = (): void => {
          if (!check() && done) {
            clearTimeout(timer);
            listeners.delete(listener);
            reject(new Error(`subscription ended before the condition held: ${JSON.stringify(items.slice(-3))} ${String(error)}`));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`timed out after ${timeoutMs} ms; last items: ${JSON.stringify(items.slice(-3))}`));
        }, timeoutMs);
        if (!check()) listeners.add(listener);
      }),
    stop: async () => {
      await iterator.return?.();
    },
  };
}

/** Polls `check` every 20 ms until it holds; rejects after timeoutMs naming `what`. */
export async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function candlesOf(events: CandleEvent[]): LiveCandle[] {
  return events.flatMap((e) => (e.data?.candles ? [e.data.candles] : []));
}

/** Open times (ms) of the closed bars among the events, in arrival order. */
export function closedOpenTimes(events: CandleEvent[]): number[] {
  return candlesOf(events)
    .filter((c) => c.closed)
    .map((c) => Date.parse(c.openTime));
}

/**
 * The contract's order: updates of the forming bar, the bar once more closed, then the next bar;
 * closed bars contiguous (no gap, no duplicate). Returns a description of the first violation.
 */
export function sequenceProblem(candles: LiveCandle[], barMs = minute): string | undefined {
  for (let i = 1; i < candles.length; i++) {
    const prev = candles[i - 1] as LiveCandle;
    const next = candles[i] as LiveCandle;
    const expected = Date.parse(prev.openTime) + (prev.closed ? barMs : 0);
    if (Date.parse(next.openTime) !== expected) {
      return `#${i}: ${next.openTime} (closed ${next.closed}) after ${prev.openTime} (closed ${prev.closed})`;
    }
  }
  return undefined;
}

/** The bar's values equal the exchange's final values for it. */
export function expectFinal(fake: FakeExchange, candle: LiveCandle, symbol = 'BTCUSDT', interval = '1m'): void {
  const row = fake.finalKline(symbol, interval, Date.parse(candle.openTime));
  expect([candle.open, candle.high, candle.low, candle.close, candle.volume, candle.trades]).toEqual([
    row[1], row[2], row[3], row[4], row[5], row[8],
  ]);
}
