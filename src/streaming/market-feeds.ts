/**
 * Market feeds for code on this instance (the paper matching engine): every trade of a symbol in
 * exchange order, and its best bid and ask, from the streams this instance shares with every other
 * use of them (local-feeds.ts). No cross-instance relay: whoever calls these runs them here (the
 * engine elects one instance per symbol itself).
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import { bookTopFromRest, sameBookTop, type BookTop } from '../market-data/book-top.js';
import type { TradePrint } from '../market-data/trade.js';
import type { Logger } from '../observability/logger.js';
import type { LocalFeeds } from './local-feeds.js';
import { createTradeSequencer } from './trade-sequencer.js';

export type { BookTop, TradePrint };

export interface MarketFeeds {
  /** Every trade of the symbol in exchange order, no gap across upstream reconnects (backfilled over REST by trade id), no duplicate; from the next trade, or from right after `afterTradeId` (older trades fetched over REST first). The upstream stream is shared with every other use and released after the grace period when the last follower leaves. Returns the unsubscribe function. */
  followTrades(symbol: string, listener: (trade: TradePrint) => void, options?: { afterTradeId?: string }): () => void;
  /** The best bid/ask at once (from a live stream when held, else REST) and at each change (bookTicker stream). Returns the unsubscribe function. */
  followBookTop(symbol: string, listener: (top: BookTop) => void): () => void;
  /** The best bid/ask now: from the live stream when held, else REST (ticker/bookTicker). */
  bookTop(symbol: string): Promise<BookTop>;
}

/** The best bid/ask of a live order book this instance holds, when it holds one in sync. */
export type LiveBookTops = (symbol: string) => BookTop | undefined;

export interface MarketFeedsDeps {
  feeds: LocalFeeds;
  exchange: Pick<MarketDataClient, 'historicalTrades' | 'bookTicker' | 'clock'>;
  logger: Logger;
  /** Tops of the local order books, where this instance keeps one. @default none */
  liveBookTops?: LiveBookTops;
}

export class MarketFeedsService implements MarketFeeds {
  private readonly restTops = new Map<string, Promise<BookTop>>();

  constructor(private readonly deps: MarketFeedsDeps) {}

  followTrades(symbol: string, listener: (trade: TradePrint) => void, options: { afterTradeId?: string } = {}): () => void {
    const { afterTradeId } = options;
    if (afterTradeId !== undefined && !/^\d{1,19}$/.test(afterTradeId)) {
      throw new TypeError(`followTrades: afterTradeId must be a trade id in decimal digits, received ${JSON.stringify(afterTradeId)}`);
    }
    const lease = this.deps.feeds.trades(symbol);
    const call = this.guarded(symbol, listener);
    if (afterTradeId === undefined) return once(lease.source.follow(call), lease.release);
    // Its own sequencer from the trade after afterTradeId: REST until it meets the live tape, then the tape.
    const sequencer = createTradeSequencer({
      exchange: this.deps.exchange,
      symbol,
      expectedId: Number(afterTradeId) + 1,
      emit: call,
      onGapLost: (from, before, error) =>
        this.deps.logger.error({ err: error, symbol, from, before }, 'trades before the live tape could not be fetched'),
    });
    sequencer.catchUp();
    const unfollow = lease.source.follow((trade) => sequencer.push(trade));
    return once(unfollow, () => sequencer.stop(), lease.release);
  }

  followBookTop(symbol: string, listener: (top: BookTop) => void): () => void {
    const lease = this.deps.feeds.bookTops(symbol);
    const call = this.guarded(symbol, listener);
    let last: BookTop | undefined;
    let active = true;
    const deliver = (top: BookTop): void => {
      if (!active || (last && sameBookTop(last, top))) return;
      last = top;
      call(top);
    };
    const unfollow = lease.source.follow(deliver);
    // At once (but after this call returns): whatever is live here, else REST, unless the stream spoke first.
    const held = lease.source.latest ?? this.deps.liveBookTops?.(symbol);
    const initial = held ? Promise.resolve(held) : this.restTop(symbol);
    initial
      .then((top) => {
        if (!last) deliver(top);
      })
      .catch((error: unknown) => this.deps.logger.warn({ err: error, symbol }, 'no first book top; waiting for the stream'));
    return once(unfollow, () => (active = false), lease.release);
  }

  bookTop(symbol: string): Promise<BookTop> {
    const held = this.deps.feeds.heldBookTop(symbol)?.latest ?? this.deps.liveBookTops?.(symbol);
    return held ? Promise.resolve(held) : this.restTop(symbol);
  }

  /** ticker/bookTicker; concurrent asks for one symbol share one request. */
  private restTop(symbol: string): Promise<BookTop> {
    let pending = this.restTops.get(symbol);
    if (!pending) {
      const { exchange } = this.deps;
      pending = exchange
        .bookTicker(symbol)
        .then((row) => bookTopFromRest(row, exchange.clock.now()))
        .finally(() => this.restTops.delete(symbol));
      this.restTops.set(symbol, pending);
    }
    return pending;
  }

  /** The listener, with its exceptions logged instead of breaking the feed. */
  private guarded<T>(symbol: string, listener: (item: T) => void): (item: T) => void {
    return (item) => {
      try {
        listener(item);
      } catch (error) {
        this.deps.logger.error({ err: error, symbol }, 'a market-feed listener threw');
      }
    };
  }
}

/** A function that runs `steps` the first time it is called, and does nothing after. */
function once(...steps: (() => unknown)[]): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const step of steps) step();
  };
}
