/**
 * The data behind kline streams: while anyone is subscribed to a kline stream, a timer pushes the
 * forming bar every `updateIntervalMs` (1 s streams at most every 1000 ms, as Binance), and once the
 * exchange clock passes a bar's close time the next tick sends that bar exactly once with `x: true`
 * (its final values, equal to what REST returns) before moving on. Bars skipped by a big
 * `clock.advance()` are each closed in order, up to the latest 100; older ones are a gap, as after
 * an outage.
 */
import type { ExchangeClock } from './clock.js';
import { findInterval, type Interval } from './intervals.js';
import { toKlinePayload, type Bar, type KlinePayload } from './kline-generator.js';
import type { StreamFeed } from './stream-feed.js';
import { klineStreamName, parseKlineStream } from './stream-names.js';
import type { ListedSymbol } from './symbols.js';
import type { TimerSet } from './timers.js';

const MAX_CLOSED_PER_TICK = 100;

/** A kline stream event as Binance sends it (unwrapped). */
export interface KlineEvent {
  e: 'kline';
  E: number;
  s: string;
  k: KlinePayload;
}

export interface KlineFeedDeps {
  symbols: Map<string, ListedSymbol>;
  clock: ExchangeClock;
  /** The bar as the market stands at `asOf` (brought up to the clock first). */
  barOf(symbol: ListedSymbol, interval: Interval, openTime: number, asOf: number): Bar;
  timers: TimerSet;
  listingTime: number;
  updateIntervalMs: number;
  publish(stream: string, event: unknown): void;
}

interface FeedState {
  symbol: ListedSymbol;
  interval: Interval;
  timer?: NodeJS.Timeout;
  /** Open time of the bar this feed last reported as forming. */
  formingOpen?: number;
  /** Bars up to this open time were closed by hand (emitKline x: true); the feed skips them. */
  closedByHandUpTo: number;
}

export class KlineFeeds implements StreamFeed {
  private readonly feeds = new Map<string, FeedState>();

  constructor(private readonly deps: KlineFeedDeps) {}

  serves(stream: string): boolean {
    return parseKlineStream(stream) !== undefined;
  }

  /** Starts pushing `stream` (first subscriber). Streams that are not klines of a listed symbol carry nothing. */
  start(stream: string): void {
    const parsed = parseKlineStream(stream);
    const symbol = parsed && this.deps.symbols.get(parsed.symbol);
    if (!parsed || !symbol || this.feeds.has(stream)) return;
    const state: FeedState = { symbol, interval: parsed.interval, closedByHandUpTo: -Infinity };
    const now = this.deps.clock.now();
    if (now >= this.deps.listingTime) state.formingOpen = parsed.interval.floor(now);
    const every = parsed.interval.name === '1s' ? Math.min(1000, this.deps.updateIntervalMs) : this.deps.updateIntervalMs;
    if (every > 0) state.timer = this.deps.timers.every(every, () => this.tick(stream, state));
    this.feeds.set(stream, state);
  }

  /** Stops pushing `stream` (last subscriber gone). */
  stop(stream: string): void {
    const state = this.feeds.get(stream);
    if (state?.timer) this.deps.timers.cancelEvery(state.timer);
    this.feeds.delete(stream);
  }

  /** One event now, with `overrides` on top; `{ x: true }` sends the bar's final values. */
  emit(symbolName: string, intervalName: string, overrides: Partial<KlinePayload> = {}): KlineEvent {
    const symbol = this.deps.symbols.get(symbolName);
    const interval = findInterval(intervalName);
    if (!symbol) throw new RangeError(`emitKline: unknown symbol "${symbolName}"`);
    if (!interval) throw new RangeError(`emitKline: unknown interval "${intervalName}"`);
    const now = this.deps.clock.now();
    const openTime = overrides.t ?? interval.floor(now);
    const asOf = overrides.x === true ? interval.next(openTime) : now;
    const event = this.event(symbol, interval, openTime, asOf, now);
    Object.assign(event.k, overrides);
    const stream = klineStreamName(symbol.spec.symbol, interval.name);
    const state = this.feeds.get(stream);
    if (state && overrides.x === true) state.closedByHandUpTo = Math.max(state.closedByHandUpTo, openTime);
    this.deps.publish(stream, event);
    return event;
  }

  stopAll(): void {
    for (const stream of [...this.feeds.keys()]) this.stop(stream);
  }

  private tick(stream: string, state: FeedState): void {
    const now = this.deps.clock.now();
    if (now < this.deps.listingTime) return;
    const { interval, symbol } = state;
    const current = interval.floor(now);
    const previous = state.formingOpen ?? current;
    if (current > previous) {
      let from = current;
      for (let n = 0; n < MAX_CLOSED_PER_TICK && from > previous; n++) from = interval.prev(from);
      for (let open = Math.max(from, previous); open < current; open = interval.next(open)) {
        if (open > state.closedByHandUpTo) this.deps.publish(stream, this.event(symbol, interval, open, now, now));
      }
    }
    state.formingOpen = current;
    if (current > state.closedByHandUpTo) this.deps.publish(stream, this.event(symbol, interval, current, now, now));
  }

  private event(symbol: ListedSymbol, interval: Interval, openTime: number, asOf: number, now: number): KlineEvent {
    const bar = this.deps.barOf(symbol, interval, openTime, asOf);
    return { e: 'kline', E: now, s: symbol.spec.symbol, k: toKlinePayload(bar, symbol.spec.symbol, interval.name) };
  }
}
