/**
 * This instance's upstream sources per symbol (trade tapes, book tickers, order books, tickers), each shared by every use
 * on this instance (the paper matching engine, the holder side of a relayed subscription, queries
 * answered from a live stream) and closed a grace period after the last one lets go (shared-pool.ts).
 * A lease is what a use holds: the source and the function that gives it back, once.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import type { MarketStreamManager } from '../exchange/market-stream-manager.js';
import type { Logger } from '../observability/logger.js';
import { BookTopSource } from './book-top-source.js';
import { OrderBookSource } from './order-book-source.js';
import { SharedPool } from './shared-pool.js';
import { TickerSource } from './ticker-source.js';
import { TradeTape } from './trade-tape.js';
import type { UpstreamSource } from './upstream-source.js';

export interface Lease<V> {
  readonly source: V;
  /** Gives the source back; later calls do nothing. */
  release: () => void;
}

export interface LocalFeedsDeps {
  manager: MarketStreamManager;
  exchange: Pick<MarketDataClient, 'historicalTrades' | 'bookTicker' | 'depth' | 'clock'>;
  logger: Logger;
  /** How long a source stays after its last user left, ms (STREAM_GRACE_MS). */
  graceMs: number;
}

export class LocalFeeds {
  private readonly tapes: SharedPool<TradeTape>;
  private readonly tops: SharedPool<BookTopSource>;
  private readonly books: SharedPool<OrderBookSource>;
  private readonly tickerSources: SharedPool<TickerSource>;

  constructor(private readonly deps: LocalFeedsDeps) {
    this.tapes = new SharedPool(deps.graceMs);
    this.tops = new SharedPool(deps.graceMs);
    this.books = new SharedPool(deps.graceMs);
    this.tickerSources = new SharedPool(deps.graceMs);
  }

  /** The symbol's trade tape (the exchange's spelling of the symbol). */
  trades(symbol: string): Lease<TradeTape> {
    const { manager, exchange, logger } = this.deps;
    return lease(this.tapes, symbol, () => new TradeTape({ symbol, manager, exchange, logger: logger.child({ component: 'trade-tape', symbol }) }));
  }

  bookTops(symbol: string): Lease<BookTopSource> {
    const { manager, exchange, logger } = this.deps;
    return lease(this.tops, symbol, () => new BookTopSource({ symbol, manager, exchange, logger: logger.child({ component: 'book-top', symbol }) }));
  }

  /** The symbol's local order book, kept from the exchange. */
  orderBook(symbol: string): Lease<OrderBookSource> {
    const { manager, exchange, logger } = this.deps;
    return lease(this.books, symbol, () => new OrderBookSource({ symbol, manager, exchange, logger: logger.child({ component: 'order-book', symbol }) }));
  }

  /** The symbol's 24-hour ticker stream. */
  tickers(symbol: string): Lease<TickerSource> {
    const { manager, logger } = this.deps;
    return lease(this.tickerSources, symbol, () => new TickerSource({ symbol, manager, logger: logger.child({ component: 'ticker', symbol }) }));
  }

  /** The symbol's trade tape if this instance holds one, without taking it. */
  heldTrades(symbol: string): TradeTape | undefined {
    return this.tapes.peek(symbol);
  }

  heldBookTop(symbol: string): BookTopSource | undefined {
    return this.tops.peek(symbol);
  }

  heldOrderBook(symbol: string): OrderBookSource | undefined {
    return this.books.peek(symbol);
  }

  heldTicker(symbol: string): TickerSource | undefined {
    return this.tickerSources.peek(symbol);
  }

  async close(): Promise<void> {
    await Promise.all([this.tapes.close(), this.tops.close(), this.books.close(), this.tickerSources.close()]);
  }
}

function lease<V extends Pick<UpstreamSource<never, never>, 'start' | 'close'>>(pool: SharedPool<V>, key: string, create: () => V): Lease<V> {
  const source = pool.acquire(key, () => create());
  source.start();
  let held = true;
  return {
    source,
    release: () => {
      if (!held) return;
      held = false;
      pool.release(key, source);
    },
  };
}
