/**
 * Klines and window statistics of one symbol, from whichever source covers each stretch: the
 * kline generator for history before the tape (cheap at any depth: a 1M bar costs a few
 * evaluations) and the tape itself, trade by trade, after it. So wherever a client can see the
 * trades of a bar, the bar is exactly their aggregate; a bar straddling the tape's start is the
 * generated part merged with the traded part.
 *
 * Complete minutes of the tape are aggregated once and kept (they are also what a 1h or 1d bar is
 * summed from); the forming minute and 1s bars are summed from the trades themselves.
 */
import { addTrades, aggOfBar, barOfAgg, emptyAgg, mergeAgg, type Agg } from './bar-agg.js';
import type { Interval } from './intervals.js';
import { findInterval } from './intervals.js';
import type { Bar, KlineGenerator } from './kline-generator.js';
import type { Segment } from './market-segments.js';
import type { Market } from './market.js';

const MINUTE = 60_000;
const GENERATED_MINUTES_KEPT = 4096;
const ONE_MINUTE = findInterval('1m') as Interval;

/** An interval-like frame for one stretch [from, to), so the generator can produce a bar of any length. */
function stretch(from: number, to: number): Interval {
  return { name: '1m', index: 97, floor: () => from, next: () => to, prev: () => from };
}

export class MarketBars {
  private readonly minutes = new Map<number, Agg>();
  private readonly generatedMinutes = new Map<number, Agg>();

  constructor(private readonly market: Market, private readonly generator: KlineGenerator) {}

  /** The bar opening at `openTime` as it stood at `asOf` (closed once asOf passes its close time). */
  bar(interval: Interval, openTime: number, asOf: number): Bar {
    const { market } = this;
    const next = interval.next(openTime);
    const pieces = market.segments.pieces(openTime, next);
    if (!market.live || pieces.every((p) => !p.segment.tape)) {
      return this.offsetIds(this.generator.bar(market.symbol, interval, openTime, asOf), market.segments.at(openTime));
    }
    const end = Math.min(next, asOf + 1);
    const agg = emptyAgg();
    for (const piece of pieces) {
      if (piece.start >= end) break;
      const to = Math.min(piece.end, end);
      if (piece.segment.tape) mergeAgg(agg, this.traded(piece.start, to));
      else if (piece.start === openTime) mergeAgg(agg, this.generated(interval, openTime, to, piece.segment));
      else mergeAgg(agg, this.generated(stretch(piece.start, to), piece.start, to, piece.segment));
    }
    const frame = { openTime, closeTime: next - 1, closed: asOf >= next };
    return barOfAgg(agg, market.symbol, frame, market.lastTicks(openTime - 1));
  }

  /** Everything traded in [from, to), generated or taped; generated minutes as the 1m klines show them. */
  window(from: number, to: number): Agg {
    const agg = emptyAgg();
    for (const piece of this.market.live ? this.market.segments.pieces(from, to) : [{ start: from, end: to, segment: this.market.segments.at(from) }]) {
      if (piece.segment.tape) {
        mergeAgg(agg, this.traded(piece.start, piece.end));
        continue;
      }
      const firstFull = Math.ceil(piece.start / MINUTE) * MINUTE;
      const lastFull = Math.floor(piece.end / MINUTE) * MINUTE;
      if (firstFull >= lastFull) {
        mergeAgg(agg, this.generated(stretch(piece.start, piece.end), piece.start, piece.end, piece.segment));
        continue;
      }
      if (piece.start < firstFull) mergeAgg(agg, this.generated(stretch(piece.start, firstFull), piece.start, firstFull, piece.segment));
      for (let m = firstFull; m < lastFull; m += MINUTE) mergeAgg(agg, this.generatedMinute(m, piece.segment));
      if (lastFull < piece.end) mergeAgg(agg, this.generated(stretch(lastFull, piece.end), lastFull, piece.end, piece.segment));
    }
    return agg;
  }

  /** Makes sure every complete minute before `keepFrom` is aggregated (the tape is about to forget its trades). */
  sealBefore(keepFrom: number): void {
    const { tape } = this.market;
    if (tape.size === 0) return;
    for (let m = Math.floor(tape.timeAt(0) / MINUTE) * MINUTE; m + MINUTE <= keepFrom; m += MINUTE) this.tapeMinute(m);
  }

  private traded(from: number, to: number): Agg {
    const firstFull = Math.ceil(from / MINUTE) * MINUTE;
    if (firstFull + MINUTE > to) return this.raw(from, to);
    const agg = this.raw(from, firstFull);
    let m = firstFull;
    for (; m + MINUTE <= to; m += MINUTE) mergeAgg(agg, this.tapeMinute(m));
    return mergeAgg(agg, this.raw(m, to));
  }

  private tapeMinute(m: number): Agg {
    const cached = this.minutes.get(m);
    if (cached) return cached;
    const agg = this.raw(m, m + MINUTE);
    // Sealed once the market is past its end: no trade can be added to it any more.
    if (m + MINUTE <= this.market.now + 1) this.minutes.set(m, agg);
    return agg;
  }

  private raw(from: number, to: number): Agg {
    const { tape, symbol } = this.market;
    if (to <= from) return emptyAgg();
    return addTrades(emptyAgg(), tape, symbol, tape.indexAtTime(from), tape.indexAtTime(to));
  }

  private generatedMinute(m: number, segment: Segment): Agg {
    let agg = this.generatedMinutes.get(m);
    if (!agg) {
      agg = this.generated(ONE_MINUTE, m, m + MINUTE, segment);
      if (this.generatedMinutes.size >= GENERATED_MINUTES_KEPT) this.generatedMinutes.delete(this.generatedMinutes.keys().next().value as number);
      this.generatedMinutes.set(m, agg);
    }
    return agg;
  }

  private generated(interval: Interval, openTime: number, asOf: number, segment: Segment): Agg {
    return aggOfBar(this.offsetIds(this.generator.bar(this.market.symbol, interval, openTime, asOf), segment), this.market.symbol);
  }

  private offsetIds(bar: Bar, segment: Segment): Bar {
    if (segment.tradeIdOffset === 0 || bar.trades === 0) return bar;
    return { ...bar, firstTradeId: bar.firstTradeId + segment.tradeIdOffset, lastTradeId: bar.lastTradeId + segment.tradeIdOffset };
  }
}
