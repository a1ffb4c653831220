/**
 * The running aggregate of a stretch of trades (open, high, low, close, volumes, count, trade ids)
 * and its conversions: from tape trades, from a generated bar, merged in time order, and out as a
 * kline `Bar`. Volumes are exact integers (bigint): base volume in 1e-8 units, quote volume in
 * 1e-16 units (price × quantity with no rounding), cut to 8 decimals only when printed.
 */
import { bigUnitsOf, E8, formatBigUnits, formatUnits } from './decimals.js';
import type { Bar } from './kline-generator.js';
import { e16Text } from './market-format.js';
import type { ListedSymbol } from './symbols.js';
import type { Tape } from './tape.js';

export interface Agg {
  /** Prices in ticks; NaN while nothing traded. */
  open: number;
  high: number;
  low: number;
  close: number;
  /** Base volume, 1e-8 units. */
  volume: bigint;
  /** Quote volume, 1e-16 units. */
  quote: bigint;
  takerVolume: bigint;
  takerQuote: bigint;
  count: number;
  /** -1 while nothing traded (or ids are unknown). */
  firstId: number;
  lastId: number;
}

export function emptyAgg(): Agg {
  return { open: NaN, high: NaN, low: NaN, close: NaN, volume: 0n, quote: 0n, takerVolume: 0n, takerQuote: 0n, count: 0, firstId: -1, lastId: -1 };
}

/** Adds tape trades [from, to) to `agg` (they must follow what it already holds). */
export function addTrades(agg: Agg, tape: Tape, symbol: ListedSymbol, from: number, to: number): Agg {
  const tick = BigInt(symbol.tickUnits);
  const step = BigInt(symbol.stepUnits);
  for (let i = from; i < to; i++) {
    const ticks = tape.ticksAt(i);
    const volume = BigInt(tape.stepsAt(i)) * step;
    const quote = BigInt(ticks) * tick * volume;
    if (Number.isNaN(agg.open)) {
      agg.open = ticks;
      agg.high = ticks;
      agg.low = ticks;
      agg.firstId = tape.idAt(i);
    }
    if (ticks > agg.high) agg.high = ticks;
    if (ticks < agg.low) agg.low = ticks;
    agg.close = ticks;
    agg.volume += volume;
    agg.quote += quote;
    // The buyer was the taker unless the buyer was the maker.
    if (!tape.makerAt(i)) {
      agg.takerVolume += volume;
      agg.takerQuote += quote;
    }
    agg.count += 1;
    agg.lastId = tape.idAt(i);
  }
  return agg;
}

/** A generated bar as an aggregate, so it can be merged with tape trades. */
export function aggOfBar(bar: Bar, symbol: ListedSymbol): Agg {
  const ticks = (price: string): number => Number(bigUnitsOf(price)) / symbol.tickUnits;
  return {
    open: ticks(bar.open), high: ticks(bar.high), low: ticks(bar.low), close: ticks(bar.close),
    volume: bigUnitsOf(bar.volume), quote: bigUnitsOf(bar.quoteVolume) * E8,
    takerVolume: bigUnitsOf(bar.takerBuyVolume), takerQuote: bigUnitsOf(bar.takerBuyQuoteVolume) * E8,
    count: bar.trades, firstId: bar.firstTradeId, lastId: bar.lastTradeId,
  };
}

/** `later` appended to `agg` in place (later happened after everything in agg). */
export function mergeAgg(agg: Agg, later: Agg): Agg {
  if (Number.isNaN(later.open)) {
    agg.count += later.count;
    return agg;
  }
  if (Number.isNaN(agg.open)) {
    agg.open = later.open;
    agg.high = later.high;
    agg.low = later.low;
  } else {
    agg.high = Math.max(agg.high, later.high);
    agg.low = Math.min(agg.low, later.low);
  }
  agg.close = later.close;
  agg.volume += later.volume;
  agg.quote += later.quote;
  agg.takerVolume += later.takerVolume;
  agg.takerQuote += later.takerQuote;
  agg.count += later.count;
  if (agg.firstId < 0) agg.firstId = later.firstId;
  if (later.lastId >= 0) agg.lastId = later.lastId;
  return agg;
}

/** An aggregate as a kline bar; a bar with no trade shows `idleTicks` (the last price before it) flat. */
export function barOfAgg(agg: Agg, symbol: ListedSymbol, frame: { openTime: number; closeTime: number; closed: boolean }, idleTicks: number): Bar {
  const price = (ticks: number): string => formatUnits((Number.isNaN(ticks) ? idleTicks : ticks) * symbol.tickUnits);
  return {
    openTime: frame.openTime, closeTime: frame.closeTime, closed: frame.closed,
    open: price(agg.open), high: price(agg.high), low: price(agg.low), close: price(agg.close),
    volume: formatBigUnits(agg.volume), quoteVolume: e16Text(agg.quote),
    takerBuyVolume: formatBigUnits(agg.takerVolume), takerBuyQuoteVolume: e16Text(agg.takerQuote),
    trades: agg.count, firstTradeId: agg.count > 0 ? agg.firstId : -1, lastTradeId: agg.count > 0 ? agg.lastId : -1,
  };
}
