/**
 * Kline stream names and events: `btcusdt@kline_1m` (the symbol lowercased, the interval's case
 * kept: `1M` is a month), and its payloads parsed (zod) into candles.
 */
import { z } from 'zod';
import { decimalString } from '../exchange/binance-schemas.js';
import type { Candle } from '../market-data/candle.js';
import { intervals, type Interval } from '../market-data/intervals.js';

/** One kline update: the bar as of `eventTime` (closed when the exchange marked it final). */
export interface KlineStreamEvent {
  /** The exchange's event time `E`, ms. */
  eventTime: number;
  candle: Candle;
}

export function klineStreamName(symbol: string, interval: Interval): string {
  return `${symbol.toLowerCase()}@kline_${intervals[interval].binance}`;
}

const klineEventSchema = z.looseObject({
  e: z.literal('kline'),
  E: z.number(),
  s: z.string(),
  k: z.looseObject({
    t: z.number(),
    T: z.number(),
    o: decimalString,
    c: decimalString,
    h: decimalString,
    l: decimalString,
    v: decimalString,
    n: z.number(),
    x: z.boolean(),
    q: decimalString,
  }),
});

/** The event, or undefined when the payload is not a kline event. */
export function parseKlineEvent(data: unknown): KlineStreamEvent | undefined {
  const parsed = klineEventSchema.safeParse(data);
  if (!parsed.success) return undefined;
  const { E, k } = parsed.data;
  return {
    eventTime: E,
    candle: {
      openTime: k.t,
      closeTime: k.T,
      open: k.o,
      high: k.h,
      low: k.l,
      close: k.c,
      volume: k.v,
      quoteVolume: k.q,
      trades: k.n,
      closed: k.x,
    },
  };
}
