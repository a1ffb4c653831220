/**
 * Turns the price path into Binance klines: one bar's values as of a moment, as the REST 12-element
 * row or the stream's `k` object. The forming bar and the closed bar come from the same function
 * (only `asOf` differs), so the last forming update equals what REST returns once the bar closes.
 */
import { formatAmount, formatUnits } from './decimals.js';
import { closeTimeOf, type Interval } from './intervals.js';
import { PricePath, mix32, unitHash } from './price-path.js';
import type { ListedSymbol } from './symbols.js';

/** GET /api/v3/klines row: [openTime, o, h, l, c, volume, closeTime, quoteVolume, trades, takerBase, takerQuote, "0"]. */
export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string];

/** The `k` object of a kline stream event. */
export interface KlinePayload {
  t: number; T: number; s: string; i: string; f: number; L: number;
  o: string; c: string; h: string; l: string; v: string; n: number; x: boolean;
  q: string; V: string; Q: string; B: string;
}

/** One bar as of some moment. */
export interface Bar {
  openTime: number;
  closeTime: number;
  open: string; high: string; low: string; close: string;
  volume: string; quoteVolume: string; takerBuyVolume: string; takerBuyQuoteVolume: string;
  trades: number;
  /** -1 when the bar has no trades yet, as Binance reports it. */
  firstTradeId: number;
  lastTradeId: number;
  closed: boolean;
}

// Interior sample points per bar; the wick below stands in for moves between them.
const SAMPLES_PER_BAR = 4;
const VOLATILITY_PER_ROOT_MINUTE = 0.0005;

export class KlineGenerator {
  private readonly paths = new Map<string, PricePath>();

  constructor(private readonly seed: number, readonly listingTime: number) {}

  path(symbol: ListedSymbol): PricePath {
    let path = this.paths.get(symbol.spec.symbol);
    if (!path) {
      path = new PricePath(this.seed, symbol, this.listingTime);
      this.paths.set(symbol.spec.symbol, path);
    }
    return path;
  }

  /** The bar opening at `openTime` as it stood at `asOf` (closed once asOf passes its close time). */
  bar(symbol: ListedSymbol, interval: Interval, openTime: number, asOf: number): Bar {
    const path = this.path(symbol);
    const nextOpen = interval.next(openTime);
    const length = nextOpen - openTime;
    const end = Math.min(Math.max(asOf, openTime), nextOpen);
    const elapsed = (end - openTime) / length;

    // Open first and close last: the path memoises its last answer, and the next bar opens where this one closes.
    const openPrice = path.price(openTime);
    let highPrice = openPrice;
    let lowPrice = openPrice;
    for (let j = 1; j < SAMPLES_PER_BAR; j++) {
      const at = openTime + (length * j) / SAMPLES_PER_BAR;
      if (at > end) break;
      const p = path.price(at);
      if (p > highPrice) highPrice = p;
      if (p < lowPrice) lowPrice = p;
    }
    const closePrice = path.price(end);
    if (closePrice > highPrice) highPrice = closePrice;
    if (closePrice < lowPrice) lowPrice = closePrice;
    // Wicks grow with the elapsed share of the bar, so the forming bar ends exactly at the closed one.
    const barSalt = mix32(path.salt ^ Math.imul(interval.index + 1, 0x27d4eb2f));
    const sigma = VOLATILITY_PER_ROOT_MINUTE * Math.sqrt(length / 60_000);
    const wickUp = unitHash(barSalt, openTime) ** 2 * sigma * 0.6 * elapsed;
    const wickDown = unitHash(barSalt ^ 0x5bd1e995, openTime) ** 2 * sigma * 0.6 * elapsed;

    const tick = symbol.tickUnits;
    const toTicks = (p: number): number => Math.max(1, Math.round((p * 1e8) / tick));
    const openTicks = toTicks(openPrice);
    const closeTicks = toTicks(closePrice);
    const highTicks = Math.max(openTicks, closeTicks, Math.ceil((highPrice * (1 + wickUp) * 1e8) / tick));
    const lowTicks = Math.max(1, Math.min(openTicks, closeTicks, Math.floor((lowPrice * (1 - wickDown) * 1e8) / tick)));

    // Open before end again, for the path's memo.
    const activityAtOpen = path.activity(openTime);
    const activityAtEnd = path.activity(end);
    const volume = path.volumeFor(activityAtEnd - activityAtOpen);
    const vwap = ((openTicks + highTicks + lowTicks + closeTicks) * tick) / 4e8;
    const quoteVolume = volume * vwap;
    const takerShare = 0.35 + 0.3 * unitHash(barSalt ^ 0x68e31da4, openTime);
    const firstId = path.tradeIdFor(activityAtOpen);
    const trades = path.tradeIdFor(activityAtEnd) - firstId;

    return {
      openTime,
      closeTime: closeTimeOf(interval, openTime),
      open: formatUnits(openTicks * tick),
      high: formatUnits(highTicks * tick),
      low: formatUnits(lowTicks * tick),
      close: formatUnits(closeTicks * tick),
      volume: formatAmount(volume),
      quoteVolume: formatAmount(quoteVolume),
      takerBuyVolume: formatAmount(volume * takerShare),
      takerBuyQuoteVolume: formatAmount(quoteVolume * takerShare),
      trades,
      firstTradeId: trades > 0 ? firstId : -1,
      lastTradeId: trades > 0 ? firstId + trades - 1 : -1,
      closed: asOf >= nextOpen,
    };
  }

  /** The last traded price at `t`, in ticks (what a forming bar's close shows). */
  priceTicksAt(symbol: ListedSymbol, t: number): number {
    return this.path(symbol).priceTicks(t);
  }
}

/** A bar as the REST row. */
export function toKlineRow(bar: Bar): KlineRow {
  return [
    bar.openTime, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.closeTime,
    bar.quoteVolume, bar.trades, bar.takerBuyVolume, bar.takerBuyQuoteVolume, '0',
  ];
}

/** A bar as the stream's `k` object. */
export function toKlinePayload(bar: Bar, symbol: string, interval: string): KlinePayload {
  return {
    t: bar.openTime, T: bar.closeTime, s: symbol, i: interval, f: bar.firstTradeId, L: bar.lastTradeId,
    o: bar.open, c: bar.close, h: bar.high, l: bar.low, v: bar.volume, n: bar.trades, x: bar.closed,
    q: bar.quoteVolume, V: bar.takerBuyVolume, Q: bar.takerBuyQuoteVolume, B: '0',
  };
}
