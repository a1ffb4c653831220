/**
 * Keeps a local order book in sync with a diff stream, by the exchange's documented procedure
 * (binance-spot reference §13, as corrected on 2025-11-12):
 *
 *  1. the diff stream is open (the caller's part);
 *  2. every diff is buffered, and the first one's U noted;
 *  3. a snapshot is fetched;
 *  4. one older than the buffer (lastUpdateId + 1 < first U: the diffs in between are lost) is
 *     fetched again;
 *  5. buffered diffs with u ≤ lastUpdateId are dropped;
 *  6. the book is set to the snapshot, its update id to lastUpdateId;
 *  7. every buffered diff, then every live one, is applied: u ≤ the book's id → ignored (old);
 *     U > the book's id + 1 → a diff was missed: the book is discarded and rebuilt from step 2, with
 *     this diff as the first one buffered; otherwise each level's quantity is set (0 removes it) and
 *     the book's id becomes u.
 *
 * Step 4 uses step 7's rule (U ≤ id + 1 continues the book), which the reference says is the one to
 * check by. The book is announced (onChange) only when it is in sync: after a rebuild and after each
 * diff, never across a missed one. A reconnect of the stream restarts from step 2 (restart()).
 *
 * The same procedure keeps a follower instance's copy of the holder's book over the relay, where the
 * snapshot is the holder's own book, published in order with its diffs: there it need not wait for a
 * first diff (waitForFirstEvent false). A book whose sure depth (order-book.ts) falls under
 * `minKnownDepth` is rebuilt too, so that every depth a client may ask for stays the exchange's.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OrderBook, type BookSnapshot } from '../market-data/order-book.js';
import type { Logger } from '../observability/logger.js';
import type { DepthDiff } from './market-events.js';

export interface BookSyncOptions {
  /** A snapshot: REST depth, or the holder's book over the relay. */
  fetchSnapshot: () => Promise<BookSnapshot>;
  /** Step 2 before step 3: fetch the snapshot once a first diff is buffered (or after firstEventTimeoutMs). */
  waitForFirstEvent: boolean;
  /** The book moved on by `diff`, or was rebuilt (diff undefined). It is live: read it now. */
  onChange: (book: OrderBook, diff: DepthDiff | undefined) => void;
  /** The book is out of sync until the next rebuild. */
  onOutOfSync?: (reason: string) => void;
  /** Rebuild when fewer levels per side than this are surely known. @default 0 */
  minKnownDepth?: number;
  logger: Logger;
}

/** How long to wait for a first diff before fetching anyway (a quiet book sends none), ms. */
const firstEventTimeoutMs = 1000;
/** Waits before the next snapshot after a failed or too old one, ms; the last repeats. */
const retryDelaysMs: readonly number[] = [0, 250, 1000, 3000, 8000];
/** Diffs held while waiting for a snapshot; older ones go first. */
const maxBuffered = 10_000;

type State = 'waiting' | 'fetching' | 'live' | 'stopped';

export class BookSynchronizer {
  readonly book = new OrderBook();
  private state: State = 'waiting';
  private buffer: DepthDiff[] = [];
  /** Counts the rebuilds: a snapshot fetched for an abandoned one is not used. */
  private generation = 0;
  private attempts = 0;
  private firstEventTimer: NodeJS.Timeout | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly options: BookSyncOptions) {}

  get inSync(): boolean {
    return this.state === 'live';
  }

  /** Starts the procedure (the stream is open). */
  start(): void {
    if (this.state === 'waiting') this.awaitFirstEvent();
  }

  push(diff: DepthDiff): void {
    if (this.state === 'stopped') return;
    if (this.state === 'live') {
      if (this.apply(diff) === 'applied') this.announce(diff);
      return;
    }
    this.buffer.push(diff);
    if (this.buffer.length > maxBuffered) this.buffer.shift();
    if (this.state === 'waiting' && this.options.waitForFirstEvent) void this.fetch();
  }

  /** Discards the book and rebuilds it from what the stream sends next (a reconnect). */
  restart(reason: string): void {
    if (this.state === 'stopped') return;
    this.generation++;
    this.state = 'waiting';
    this.buffer = [];
    this.options.onOutOfSync?.(reason);
    this.awaitFirstEvent();
  }

  stop(): void {
    this.state = 'stopped';
    this.generation++;
    this.buffer = [];
    clearTimeout(this.firstEventTimer);
    this.abort.abort();
  }

  private awaitFirstEvent(): void {
    clearTimeout(this.firstEventTimer);
    if (!this.options.waitForFirstEvent) {
      void this.fetch();
      return;
    }
    this.firstEventTimer = setTimeout(() => {
      if (this.state === 'waiting') void this.fetch();
    }, firstEventTimeoutMs);
    this.firstEventTimer.unref();
  }

  /** Steps 3 to 7. */
  private async fetch(): Promise<void> {
    clearTimeout(this.firstEventTimer);
    this.state = 'fetching';
    const generation = this.generation;
    let snapshot: BookSnapshot | undefined;
    try {
      snapshot = await this.options.fetchSnapshot();
    } catch (error) {
      if (generation !== this.generation) return;
      this.options.logger.warn({ err: error, attempt: this.attempts + 1 }, 'book snapshot failed; trying again');
    }
    if (generation !== this.generation) return;
    const first = this.buffer[0];
    if (!snapshot || (first && snapshot.lastUpdateId + 1 < first.firstUpdateId)) {
      if (snapshot) this.options.logger.info({ lastUpdateId: snapshot.lastUpdateId, firstU: first?.firstUpdateId }, 'book snapshot older than the buffered diffs; fetching another');
      await this.retryDelay();
      if (generation === this.generation) void this.fetch();
      return;
    }
    this.attempts = 0;
    this.book.reset(snapshot);
    const pending = this.buffer.filter((diff) => diff.lastUpdateId > snapshot.lastUpdateId);
    this.buffer = [];
    this.state = 'live';
    for (const [index, diff] of pending.entries()) {
      if (this.apply(diff) !== 'gap') continue;
      // The rebuild starts with the diff that showed the gap (buffered by apply) and those after it.
      for (const later of pending.slice(index + 1)) this.push(later);
      return;
    }
    this.announce(undefined);
  }

  /** Step 7 on one diff. */
  private apply(diff: DepthDiff): 'applied' | 'old' | 'gap' {
    const { book } = this;
    if (diff.lastUpdateId <= book.lastUpdateId) return 'old';
    if (diff.firstUpdateId > book.lastUpdateId + 1) {
      this.options.logger.warn({ localId: book.lastUpdateId, U: diff.firstUpdateId }, 'missed a book update; rebuilding from a new snapshot');
      this.restart('a diff was missed');
      this.push(diff);
      return 'gap';
    }
    book.apply(diff.bids, diff.asks, diff.lastUpdateId);
    return 'applied';
  }

  private announce(diff: DepthDiff | undefined): void {
    const minKnownDepth = this.options.minKnownDepth ?? 0;
    if (this.book.knownDepth() < minKnownDepth) {
      this.options.logger.info({ knownDepth: this.book.knownDepth() }, 'book known too shallow; rebuilding from a new snapshot');
      this.restart('the book is known too shallow');
      return;
    }
    this.options.onChange(this.book, diff);
  }

  private async retryDelay(): Promise<void> {
    const delay = retryDelaysMs[Math.min(this.attempts, retryDelaysMs.length - 1)] ?? 0;
    this.attempts++;
    if (delay > 0) await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }
}
