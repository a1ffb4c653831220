/**
 * One instance's end of a relayed order book (channel-hub.ts): its own copy of the holder's book,
 * kept from the channel by the exchange's procedure (book-sync.ts), the holder's published book
 * standing in for the REST snapshot. Each state it reaches in sync becomes a BookVersion handed to
 * every local subscriber's queue, where only the newest waits: a slow reader gets the latest book,
 * never a stale backlog, and nothing is sent while the copy is out of sync. A new subscriber gets the
 * current book at once.
 */
import type { BookSnapshot, OrderBook } from '../market-data/order-book.js';
import { BookVersion, maxSubscriptionDepth } from '../market-data/order-book-view.js';
import { bookRequestChannel, bookRequestMessage, decodeBookMessage } from './book-channel.js';
import { BookSynchronizer } from './book-sync.js';
import { ChannelHub, type SymbolHubOptions } from './channel-hub.js';
import { latestOnly } from './subscriber-queue.js';

export type BookHubOptions = SymbolHubOptions;

/** How long a request for the holder's book waits for it, ms. */
const snapshotTimeoutMs = 2000;

export class BookHub extends ChannelHub<BookVersion> {
  private readonly sync: BookSynchronizer;
  private latest: BookVersion | undefined;
  private waiting: { resolve: (snapshot: BookSnapshot) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | undefined;

  constructor(private readonly options: BookHubOptions) {
    super({ ...options, policy: latestOnly });
    this.sync = new BookSynchronizer({
      fetchSnapshot: () => this.requestSnapshot(),
      waitForFirstEvent: false,
      minKnownDepth: maxSubscriptionDepth,
      onChange: (book) => this.onBook(book),
      onOutOfSync: () => (this.latest = undefined),
      logger: options.logger,
    });
  }

  /** The book copy while it is in sync (for queries answered from it). */
  get liveBook(): OrderBook | undefined {
    return this.sync.inSync ? this.sync.book : undefined;
  }

  override async listen(): Promise<void> {
    await super.listen();
    this.sync.start();
  }

  protected receive(message: Record<string, unknown>): void {
    const decoded = decodeBookMessage(message);
    if (decoded?.kind === 'diff') this.sync.push(decoded.diff);
    else if (decoded?.kind === 'snapshot') this.settle((waiting) => waiting.resolve(decoded.snapshot));
  }

  protected override firstItems(): readonly BookVersion[] {
    return this.latest ? [this.latest] : [];
  }

  protected override onClose(): void {
    this.sync.stop();
    this.settle((waiting) => waiting.reject(new Error('the book hub closed')));
  }

  /** The holder's next published book (asked for now; any published one will do). */
  private requestSnapshot(): Promise<BookSnapshot> {
    const { store, symbol, logger } = this.options;
    this.settle((waiting) => waiting.reject(new Error('superseded by a newer request')));
    const promise = new Promise<BookSnapshot>((resolve, reject) => {
      const timer = setTimeout(() => this.settle((waiting) => waiting.reject(new Error('the holder sent no book in time'))), snapshotTimeoutMs);
      timer.unref();
      this.waiting = { resolve, reject, timer };
    });
    store.publish(bookRequestChannel(symbol), bookRequestMessage).catch((error: unknown) => logger.warn({ err: error, symbol }, 'book request not sent'));
    return promise;
  }

  /** Ends the request waiting for a book, if any. */
  private settle(end: (waiting: NonNullable<BookHub['waiting']>) => void): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    clearTimeout(waiting.timer);
    end(waiting);
  }

  private onBook(book: OrderBook): void {
    this.latest = new BookVersion(this.options.symbol, book);
    this.deliver(this.latest);
  }
}
