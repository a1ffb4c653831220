/**
 * The common life of a symbol's market stream (trades, depth, tickers): started with its first
 * subscriber when the symbol is listed (an unlisted one stays silent, as Binance's does), keeping
 * the markets pumping while it runs, stopped with its last subscriber. Each feed says only which
 * streams it serves and how one of them publishes.
 */
import type { ExchangeClock } from './clock.js';
import type { MarketEntry, Markets } from './markets.js';
import type { Publish, StreamFeed } from './stream-feed.js';
import { parseSymbolStream, type SymbolStream } from './stream-names.js';

export abstract class SymbolStreamFeed implements StreamFeed {
  /** Each running stream's stop, the markets' hold included. */
  private readonly running = new Map<string, () => void>();

  constructor(
    protected readonly markets: Markets,
    protected readonly clock: ExchangeClock,
    protected readonly publish: Publish,
  ) {}

  /** Whether this feed serves a stream of that kind. */
  protected abstract servesKind(stream: SymbolStream): boolean;

  /** Starts publishing `stream` of a listed symbol; returns what stops it. */
  protected abstract open(stream: string, parsed: SymbolStream, entry: MarketEntry): () => void;

  serves(stream: string): boolean {
    const parsed = parseSymbolStream(stream);
    return parsed !== undefined && this.servesKind(parsed);
  }

  start(stream: string): void {
    const parsed = parseSymbolStream(stream);
    if (!parsed || !this.servesKind(parsed) || this.running.has(stream)) return;
    let entry: MarketEntry;
    try {
      entry = this.markets.synced(parsed.symbol);
    } catch {
      return; // not a listed symbol: the stream stays silent, as Binance's does
    }
    const release = this.markets.need();
    const stop = this.open(stream, parsed, entry);
    this.running.set(stream, () => {
      stop();
      release();
    });
  }

  stop(stream: string): void {
    this.running.get(stream)?.();
    this.running.delete(stream);
  }

  stopAll(): void {
    for (const stream of [...this.running.keys()]) this.stop(stream);
  }
}
