/**
 * This instance's local order book of one symbol, kept from the exchange: the diff-depth stream
 * (`@depth@100ms`) and REST snapshots of 5000 levels, by the documented procedure (book-sync.ts).
 * Its followers hear of each change while it is in sync, with the live book (read it at once: it
 * moves on with the next diff). A reconnect of the stream rebuilds it; a stream that was only
 * subscribed again is trusted to the U/u check, which sees any diff it lost.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import type { InterruptionCause, MarketStreamManager } from '../exchange/market-stream-manager.js';
import type { BookSnapshot, OrderBook } from '../market-data/order-book.js';
import { maxQueryDepth, maxSubscriptionDepth } from '../market-data/order-book-view.js';
import type { Logger } from '../observability/logger.js';
import { BookSynchronizer } from './book-sync.js';
import { depthStreamName, parseDepthEvent, type DepthDiff } from './market-events.js';
import { UpstreamSource } from './upstream-source.js';

/** The snapshot depth the procedure asks for (the most the exchange returns). */
export const snapshotDepth = maxQueryDepth;

export interface BookChange {
  /** The live book, in sync: read it now. */
  book: OrderBook;
  /** The diff that moved it on; undefined when it was rebuilt from a snapshot. */
  diff: DepthDiff | undefined;
}

export interface OrderBookSourceOptions {
  symbol: string;
  manager: MarketStreamManager;
  exchange: Pick<MarketDataClient, 'depth'>;
  logger: Logger;
}

/** GET /api/v3/depth as a snapshot; a side shorter than asked for is the whole side. */
export async function restSnapshot(exchange: Pick<MarketDataClient, 'depth'>, symbol: string, depth: number): Promise<BookSnapshot> {
  const { lastUpdateId, bids, asks } = await exchange.depth(symbol, depth);
  return { lastUpdateId, bids, asks, bidsComplete: bids.length < depth, asksComplete: asks.length < depth };
}

export class OrderBookSource extends UpstreamSource<DepthDiff, BookChange> {
  private readonly sync: BookSynchronizer;
  private syncStarted = false;

  constructor(private readonly options: OrderBookSourceOptions) {
    super({ stream: depthStreamName(options.symbol), manager: options.manager, logger: options.logger, parse: parseDepthEvent, eventName: 'a depth update' });
    this.sync = new BookSynchronizer({
      fetchSnapshot: () => restSnapshot(options.exchange, options.symbol, snapshotDepth),
      waitForFirstEvent: true,
      minKnownDepth: maxSubscriptionDepth,
      onChange: (book, diff) => this.emit({ book, diff }),
      logger: options.logger,
    });
  }

  /** The book, while it is in sync with the exchange. */
  get liveBook(): OrderBook | undefined {
    return this.sync.inSync ? this.sync.book : undefined;
  }

  override start(): void {
    super.start();
    if (this.syncStarted || this.isClosed) return;
    this.syncStarted = true;
    this.sync.start();
  }

  protected onEvent(diff: DepthDiff): void {
    this.sync.push(diff);
  }

  protected override onInterrupted(cause: InterruptionCause): void {
    if (cause === 'reconnect') this.sync.restart('the stream reconnected');
  }

  protected override onClose(): void {
    this.sync.stop();
  }
}
