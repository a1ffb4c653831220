/**
 * One subscriber's sequence, as the async iterator the transports pull from. With `since`: first
 * the closed bars from there (cache or REST), then the live stream, joined with no gap and no
 * duplicate. The queue is attached before the history is read, so nothing that happens meanwhile is
 * missed; at the seam, bars already sent are skipped and any still missing are fetched. After the
 * seam, each pull is a plain read of the queue (no generator in between: with thousands of
 * subscribers, every layer of promises per event shows). A contract error (a slow reader, an
 * unrecoverable gap, the exchange failing during the history) is yielded as the last item, so the
 * resolver sends it as a GraphQL error instead of breaking the transport.
 */
import type { Candle } from '../market-data/candle.js';
import type { Interval } from '../market-data/intervals.js';
import type { GatewayError } from '../schema/errors.js';
import { toContractError } from '../schema/contract-errors.js';
import { barOpenAtOrAfter, nextOpenTime } from './bar-times.js';
import type { CandleHub } from './candle-hub.js';
import type { ClosedBarFetcher } from './candle-sequencer.js';
import type { SubscriberQueue } from './subscriber-queue.js';

export type CandleStreamItem = Candle | GatewayError;

export interface CandleSubscriptionOptions {
  /** Called on the first pull: the hub to read from (the caller counts the reference). */
  open(): CandleHub;
  /** Called once when the subscription ends, however it ends. */
  close(): void;
  interval: Interval;
  since: number | undefined;
  loadHistory(since: number): Promise<Candle[]>;
  fetchClosed: ClosedBarFetcher;
}

type Result = IteratorResult<CandleStreamItem>;
const done: Result = { done: true, value: undefined };

export class CandleSubscription implements AsyncIterableIterator<CandleStreamItem> {
  private hub: CandleHub | undefined;
  private queue: SubscriberQueue | undefined;
  /** History and seam, while `since` still has work to do. */
  private intro: AsyncGenerator<CandleStreamItem> | undefined;
  private finished = false;

  constructor(private readonly options: CandleSubscriptionOptions) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<Result> {
    if (this.finished) return Promise.resolve(done);
    if (!this.queue) {
      try {
        this.start();
      } catch (error) {
        this.finished = true;
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    if (this.intro) {
      return this.intro.next().then((result) => {
        if (!result.done) return result;
        this.intro = undefined;
        return this.next();
      }, this.fail);
    }
    // The plain phase: the queue's own promise, no then() of ours per event.
    return (this.queue as SubscriberQueue).nextItem();
  }

  return(): Promise<Result> {
    this.end();
    return Promise.resolve(done);
  }

  private start(): void {
    this.hub = this.options.open();
    this.queue = this.hub.attach();
    this.queue.onReadToEnd = () => this.end();
    const { since } = this.options;
    if (since !== undefined) this.intro = this.resume(since);
  }

  /** A contract error becomes the last item; anything else ends the subscription as it is. */
  private readonly fail = (error: unknown): Result => {
    this.end();
    const contractError = toContractError(error);
    if (!contractError) throw error;
    return { done: false, value: contractError };
  };

  private end(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.queue) this.hub?.detach(this.queue);
    if (this.hub) this.options.close();
  }

  /** History from `since`, then queue items up to and including the first one past the seam. */
  private async *resume(since: number): AsyncGenerator<CandleStreamItem> {
    const { interval } = this.options;
    const hub = this.hub as CandleHub;
    const queue = this.queue as SubscriberQueue;
    // Even with no history at all (nothing closed yet, or our clock behind), the seam is checked.
    let expected = barOpenAtOrAfter(interval, since);
    for (const candle of await this.options.loadHistory(since)) {
      yield candle;
      expected = nextOpenTime(interval, candle.openTime);
    }
    for (const candle of hub.closedSince(expected)) {
      yield candle;
      expected = nextOpenTime(interval, candle.openTime);
    }
    for (;;) {
      const next = await queue.next();
      if (next.done) return;
      const candle = next.value;
      if (candle.openTime < expected) continue;
      if (candle.openTime > expected) yield* await this.options.fetchClosed(expected, candle.openTime);
      // Past the seam the hub's own sequence is gap-free: the plain queue takes over.
      yield candle;
      return;
    }
  }
}
