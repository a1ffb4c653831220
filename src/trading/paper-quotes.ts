/**
 * The best bid and ask paper orders are placed against, from the exchange's book-ticker stream: the
 * first order on a symbol follows the stream on this instance (shared with every other use of it,
 * market-feeds.ts) and later ones read its latest top from memory, so a burst of MARKET orders costs
 * no REST call each. A symbol nobody trades for `idleMs` is let go.
 */
import { Dec } from './decimal.js';
import type { Quote } from './paper-rules.js';

/** What this needs of MarketFeeds (streaming/market-feeds.ts). */
export interface BookTopFeeds {
  followBookTop(symbol: string, listener: (top: { bidPrice: string; askPrice: string }) => void): () => void;
}

interface Followed {
  latest: Quote | undefined;
  first: Promise<Quote>;
  unfollow: () => void;
  lastUsed: number;
}

export interface PaperQuotesOptions {
  feeds: BookTopFeeds;
  /** How long a symbol's stream is kept after its last use, ms. @default 60000 */
  idleMs?: number;
  /** How long the first top may take, ms. @default 5000 */
  firstTopTimeoutMs?: number;
}

export class PaperQuotes {
  private readonly followed = new Map<string, Followed>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: PaperQuotesOptions) {
    const idleMs = options.idleMs ?? 60_000;
    this.sweeper = setInterval(() => this.sweep(idleMs), Math.max(1000, Math.floor(idleMs / 2)));
    this.sweeper.unref();
  }

  /** The best bid and ask of `symbol` now. */
  quote(symbol: string): Promise<Quote> {
    const entry = this.followed.get(symbol) ?? this.follow(symbol);
    entry.lastUsed = Date.now();
    return entry.latest ? Promise.resolve(entry.latest) : entry.first;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const entry of this.followed.values()) entry.unfollow();
    this.followed.clear();
  }

  private follow(symbol: string): Followed {
    let resolveFirst: (quote: Quote) => void = () => undefined;
    let rejectFirst: (error: Error) => void = () => undefined;
    const first = new Promise<Quote>((resolve, reject) => {
      resolveFirst = resolve;
      rejectFirst = reject;
    });
    // Whoever asked awaits `first`; this keeps a timeout nobody waits for from being an unhandled rejection.
    first.catch(() => undefined);
    const entry: Followed = { latest: undefined, first, unfollow: () => undefined, lastUsed: Date.now() };
    this.followed.set(symbol, entry);
    const timer = setTimeout(() => {
      if (this.followed.get(symbol) === entry && !entry.latest) {
        entry.unfollow();
        this.followed.delete(symbol);
      }
      rejectFirst(new Error(`no best bid/ask for ${symbol} in time`));
    }, this.options.firstTopTimeoutMs ?? 5000);
    timer.unref();
    entry.unfollow = this.options.feeds.followBookTop(symbol, (top) => {
      entry.latest = { bid: new Dec(top.bidPrice), ask: new Dec(top.askPrice) };
      clearTimeout(timer);
      resolveFirst(entry.latest);
    });
    return entry;
  }

  private sweep(idleMs: number): void {
    const now = Date.now();
    for (const [symbol, entry] of this.followed) {
      if (now - entry.lastUsed < idleMs) continue;
      entry.unfollow();
      this.followed.delete(symbol);
    }
  }
}
