/**
 * Keeps one stream's items in order, with no gap and no duplicate: candles by open time, trades by
 * id. It knows the position due next; an item past it (after a reconnect, a stall, a takeover, a lost
 * pub/sub message) means items went by while we were away, and those are fetched over REST and
 * delivered, in order, before it. Items before it are duplicates (or stale updates) and are dropped.
 * Where an item comes both from REST and from the stream, the stream's version wins (it is waiting in
 * the queue right behind the gap). `catchUp()` fetches from the position due on without waiting for
 * the stream to show a gap: after an interruption of a stream that may stay quiet for long.
 *
 * Items are handled one at a time (a fill is async), so everything arriving meanwhile waits in the
 * queue in arrival order.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface SequenceRules<T> {
  /** Where the item stands (a bar's open time, a trade's id). */
  position: (item: T) => number;
  /** The position due once the item is delivered (a forming bar keeps its own: its updates follow). */
  after: (item: T) => number;
  /** Whether the item is final at its position, so that a queued one may stand in for a fetched one. */
  isFinal: (item: T) => boolean;
}

/**
 * Items with from ≤ position < before (before undefined: up to the newest), ascending. It may return
 * a first page only, of `pageSize` items, and is then asked again from where that page ended.
 */
export type RangeFetcher<T> = (from: number, before: number | undefined) => Promise<T[]>;

export interface SequencerOptions<T> {
  rules: SequenceRules<T>;
  fetchRange: RangeFetcher<T>;
  /** A fetch that returns this many items may have more to come. @default Infinity (one fetch covers the range) */
  pageSize?: number;
  /** Receives the items in order; awaited before the next one. */
  emit: (item: T) => void | Promise<void>;
  /** A gap could not be filled (after retries); delivery goes on after it. */
  onGapLost: (from: number, before: number | undefined, error: unknown) => void;
  /** The position due first, when known already (a takeover continues from there). */
  expected?: number | undefined;
  /** Delays between fill attempts, ms. @default [250, 1000, 3000, 8000] */
  retryDelaysMs?: readonly number[];
}

type Queued<T> = { item: T } | { catchUp: true };

export class Sequencer<T> {
  private expected: number | undefined;
  private readonly queue: Queued<T>[] = [];
  private draining = false;
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(private readonly options: SequencerOptions<T>) {
    this.expected = options.expected;
  }

  /** The position due next (undefined before the first item). */
  get expectedPosition(): number | undefined {
    return this.expected;
  }

  /** True once any item went through (or a start was set). */
  get started(): boolean {
    return this.expected !== undefined;
  }

  /** Sets where the sequence starts, unless an item already went through. */
  startAt(expected: number | undefined): void {
    if (this.expected === undefined) this.expected = expected;
  }

  push(item: T): void {
    this.enqueue({ item });
  }

  /** Fetches whatever came after the position due, in turn with the items already queued. */
  catchUp(): void {
    this.enqueue({ catchUp: true });
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
    this.abort.abort();
  }

  private enqueue(entry: Queued<T>): void {
    if (this.stopped) return;
    this.queue.push(entry);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let entry = this.queue.shift(); entry && !this.stopped; entry = this.queue.shift()) {
        if ('item' in entry) await this.accept(entry.item);
        else if (this.expected !== undefined) await this.fill(this.expected, undefined);
      }
    } finally {
      this.draining = false;
    }
  }

  private async accept(item: T): Promise<void> {
    const { position } = this.options.rules;
    const expected = this.expected;
    if (expected !== undefined) {
      if (position(item) < expected) return;
      if (position(item) > expected) await this.fill(expected, position(item));
      if (this.stopped) return;
    }
    await this.deliver(item);
  }

  private async deliver(item: T): Promise<void> {
    this.expected = this.options.rules.after(item);
    await this.options.emit(item);
  }

  /** Delivers what REST has in [from, before), page after page. */
  private async fill(from: number, before: number | undefined): Promise<void> {
    const { position, isFinal } = this.options.rules;
    const pageSize = this.options.pageSize ?? Number.POSITIVE_INFINITY;
    for (let next = from; ; ) {
      let items: T[];
      try {
        items = await this.fetchWithRetry(next, before);
      } catch (error) {
        this.options.onGapLost(next, before, error);
        return;
      }
      for (const fetched of items) {
        if (this.stopped) return;
        const at = position(fetched);
        if (at < (this.expected ?? next) || (before !== undefined && at >= before)) continue;
        const fromStream = this.queue.find((q): q is { item: T } => 'item' in q && isFinal(q.item) && position(q.item) === at);
        await this.deliver(fromStream?.item ?? fetched);
      }
      const reached = this.expected ?? next;
      if (items.length < pageSize || reached <= next || (before !== undefined && reached >= before)) return;
      next = reached;
    }
  }

  private async fetchWithRetry(from: number, before: number | undefined): Promise<T[]> {
    const delays = this.options.retryDelaysMs ?? [250, 1000, 3000, 8000];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.options.fetchRange(from, before);
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined || this.stopped) throw error;
        await sleep(delay, undefined, { signal: this.abort.signal });
      }
    }
  }
}
