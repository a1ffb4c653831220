/**
 * What one subscriber has not read yet, bounded so that a slow reader cannot grow the server's
 * memory. Forming updates are coalesced (only the bar's latest state matters; a closed bar replaces
 * its own forming updates still waiting), closed bars are never dropped, and a reader that lets more
 * than `maxPendingClosed` closed bars pile up is ended with a SLOW_CONSUMER error, its backlog freed
 * at once.
 */
import type { Candle } from '../market-data/candle.js';
import { SlowConsumerError, type GatewayError } from '../schema/errors.js';

const doneResult: IteratorResult<never> = { done: true, value: undefined };

export class SubscriberQueue {
  /** Called once when a reader of nextItem() reaches the end (done, or the error that ended it). */
  onReadToEnd: (() => void) | undefined;
  private items: Candle[] = [];
  private pendingClosed = 0;
  private waiting: ((result: IteratorResult<Candle>) => void) | undefined;
  private failWaiting: ((error: Error) => void) | undefined;
  private failure: GatewayError | undefined;
  private ended = false;

  /** @param onFailed called once when the queue is ended with an error (detach it). */
  constructor(
    private readonly maxPendingClosed: number,
    private readonly onFailed: (queue: SubscriberQueue, error: GatewayError) => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(candle: Candle): void {
    if (this.ended) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      this.failWaiting = undefined;
      waiting({ value: candle, done: false });
      return;
    }
    const last = this.items.at(-1);
    if (last && !last.closed && last.openTime === candle.openTime) {
      this.items[this.items.length - 1] = candle;
    } else {
      this.items.push(candle);
    }
    if (!candle.closed) return;
    this.pendingClosed++;
    if (this.pendingClosed > this.maxPendingClosed) this.fail(new SlowConsumerError(this.pendingClosed));
  }

  /** The next candle; rejects with the error that ended the queue; done once ended. */
  next(): Promise<IteratorResult<Candle>> {
    const item = this.items.shift();
    if (item) {
      if (item.closed) this.pendingClosed--;
      return Promise.resolve({ value: item, done: false });
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  /**
   * As next(), for a reader that wants the error that ended the queue as its last value (then
   * done) rather than as a rejection, and no promise in between: the subscription hands this
   * straight to the transport, one promise per event and subscriber.
   */
  nextItem(): Promise<IteratorResult<Candle | GatewayError>> {
    const item = this.items.shift();
    if (item) {
      if (item.closed) this.pendingClosed--;
      return Promise.resolve({ value: item, done: false });
    }
    if (this.failure) return Promise.resolve(this.readFailure());
    if (this.ended) return Promise.resolve(this.readEnd());
    return new Promise((resolve) => {
      this.waiting = (result) => resolve(result.done ? this.readEnd() : result);
      this.failWaiting = () => resolve(this.readFailure());
    });
  }

  private readFailure(): IteratorResult<GatewayError> {
    const failure = this.failure as GatewayError;
    this.failure = undefined;
    this.readEnd();
    return { value: failure, done: false };
  }

  private readEnd(): IteratorResult<never> {
    const onEnd = this.onReadToEnd;
    this.onReadToEnd = undefined;
    onEnd?.();
    return doneResult;
  }

  /** Ends the queue: what is queued is still read, then done. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.failWaiting = undefined;
  }

  /** Ends the queue with an error, dropping the backlog: the reader gets the error next. */
  fail(error: GatewayError): void {
    if (this.ended) return;
    this.failure = error;
    this.items = [];
    this.pendingClosed = 0;
    this.ended = true;
    this.failWaiting?.(error);
    this.waiting = undefined;
    this.failWaiting = undefined;
    this.onFailed(this, error);
  }
}
