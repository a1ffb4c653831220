/**
 * Market stream names: `<symbol>@kline_<interval>` with the symbol lowercase and the interval's case
 * kept (`btcusdt@kline_1M` is the monthly stream). Other well-formed names are accepted on
 * subscription, like Binance does, but carry no data here.
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

export function klineStreamName(symbol: string, interval: string): string {
  return `${symbol.toLowerCase()}@kline_${interval}`;
}

/** A WebSocket message's bytes as text, whatever shape `ws` delivered them in. */
export function rawDataToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
