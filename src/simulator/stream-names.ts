/**
 * Market stream names: `<symbol>@kline_<interval>` with the symbol lowercase and the interval's case
 * kept (`btcusdt@kline_1M` is the monthly stream), and the symbol streams @trade, @aggTrade,
 * @depth[@100ms], @depth5/10/20[@100ms], @bookTicker, @ticker and @miniTicker. Other well-formed
 * names are accepted on subscription, like Binance does, but carry no data.
 */
import type { RawData } from 'ws';
import { findInterval, type Interval } from './intervals.js';

const STREAM_NAME = /^[A-Za-z0-9!@_.:+-]{1,100}$/;
const KLINE_STREAM = /^([a-z0-9]+)@kline_([0-9]+[smhdwM])$/;

export function isWellFormedStream(name: string): boolean {
  return STREAM_NAME.test(name);
}

/** The symbol (uppercase) and interval of a kline stream, or undefined for anything else. */
export function parseKlineStream(name: string): { symbol: string; interval: Interval } | undefined {
  const match = KLINE_STREAM.exec(name);
  const interval = match?.[2] === undefined ? undefined : findInterval(match[2]);
  if (!match?.[1] || !interval) return undefined;
  return { symbol: match[1].toUpperCase(), interval };
}

/** A symbol stream other than klines. */
export type SymbolStream =
  | { kind: 'trade' | 'aggTrade' | 'bookTicker' | 'ticker' | 'miniTicker'; symbol: string }
  | { kind: 'depth'; symbol: string; speedMs: 100 | 1000 }
  | { kind: 'partialDepth'; symbol: string; levels: 5 | 10 | 20; speedMs: 100 | 1000 };

const SYMBOL_STREAM = /^([a-z0-9]+)@(trade|aggTrade|bookTicker|ticker|miniTicker|depth(5|10|20)?(@(100|1000)ms)?)$/;

/** The symbol (uppercase) and kind of a symbol stream, or undefined for anything else. */
export function parseSymbolStream(name: string): SymbolStream | undefined {
  const match = SYMBOL_STREAM.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  const symbol = match[1].toUpperCase();
  const kind = match[2];
  if (!kind.startsWith('depth')) return { kind: kind as 'trade' | 'aggTrade' | 'bookTicker' | 'ticker' | 'miniTicker', symbol };
  const speedMs = match[5] === '100' ? 100 : 1000;
  if (match[3]) return { kind: 'partialDepth', symbol, levels: Number(match[3]) as 5 | 10 | 20, speedMs };
  return { kind: 'depth', symbol, speedMs };
}

export function klineStreamName(symbol: string, interval: string): string {
  return `${symbol.toLowerCase()}@kline_${interval}`;
}

/** A WebSocket message's bytes as text, whatever shape `ws` delivered them in. */
export function rawDataToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
