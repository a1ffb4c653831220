/**
 * Every symbol's market with its klines view, and the pump: while anything needs live pushes
 * (a depth, trade or ticker stream, a user data subscription, a kline feed), a 100 ms timer
 * brings every market up to the exchange clock and then lets the feeds publish. Without demand no
 * timer runs; the markets then catch up on the next read, with the same result.
 */
import type { ExchangeClock } from './clock.js';
import type { KlineGenerator } from './kline-generator.js';
import { MarketBars } from './market-bars.js';
import { STEP_MS } from './market-slots.js';
import { Market } from './market.js';
import type { ListedSymbol } from './symbols.js';
import type { TimerSet } from './timers.js';

export interface MarketsOptions {
  symbols: Map<string, ListedSymbol>;
  generator: KlineGenerator;
  clock: ExchangeClock;
  timers: TimerSet;
  /** The live tape starts here (per symbol never before its listing). */
  tapeStart: number;
  tapeCapacity?: number;
}

/** A market and the klines/statistics view of it. */
export interface MarketEntry {
  market: Market;
  bars: MarketBars;
}

/** Called after every pump with the pump's sequence number (for feeds that publish every N pumps). */
export type PumpListener = (pump: number) => void;

export class Markets {
  private readonly entries = new Map<string, MarketEntry>();
  private readonly listeners = new Set<PumpListener>();
  private demand = 0;
  private timer: NodeJS.Timeout | undefined;
  private pumps = 0;

  constructor(private readonly options: MarketsOptions) {
    const listingMinute = (t: number): number => Math.ceil(t / 60_000) * 60_000;
    for (const symbol of options.symbols.values()) {
      const market = new Market({
        symbol, generator: options.generator,
        tapeStart: Math.max(options.tapeStart, listingMinute(options.generator.listingTime)),
        tapeCapacity: options.tapeCapacity,
        onForget: (keepFrom) => this.entries.get(symbol.spec.symbol)?.bars.sealBefore(keepFrom),
      });
      this.entries.set(symbol.spec.symbol, { market, bars: new MarketBars(market, options.generator) });
    }
  }

  /** The entry of a listed symbol, brought up to the exchange clock. */
  synced(symbol: string): MarketEntry {
    const entry = this.entries.get(symbol);
    if (!entry) throw new RangeError(`unknown symbol "${symbol}"; listed: ${[...this.entries.keys()].join(', ')}`);
    entry.market.advance(this.options.clock.now());
    return entry;
  }

  /** Every entry, as it stands (not advanced). */
  entriesAsTheyStand(): MarketEntry[] {
    return [...this.entries.values()];
  }

  /** Every market, brought up to the exchange clock. */
  syncAll(): MarketEntry[] {
    const now = this.options.clock.now();
    for (const entry of this.entries.values()) entry.market.advance(now);
    return [...this.entries.values()];
  }

  /** Asks for live pushes until the returned function is called. */
  need(): () => void {
    this.demand += 1;
    if (!this.timer) this.timer = this.options.timers.every(STEP_MS, () => this.pump());
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.demand -= 1;
      if (this.demand === 0 && this.timer) {
        this.options.timers.cancelEvery(this.timer);
        this.timer = undefined;
      }
    };
  }

  onPump(listener: PumpListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private pump(): void {
    this.syncAll();
    this.pumps += 1;
    for (const listener of this.listeners) listener(this.pumps);
  }
}
