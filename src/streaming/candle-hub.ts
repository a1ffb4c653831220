/**
 * One instance's end of one candle stream: listens to the stream's channel (whoever holds the
 * upstream publishes there), keeps the candles in order (its own sequencer, in case a pub/sub
 * message is lost), and hands each one to every local subscriber's queue. It remembers the forming
 * bar, so a new subscriber gets it at once, and the last closed bars, for resuming subscribers.
 */
import type { Candle } from '../market-data/candle.js';
import type { Interval } from '../market-data/intervals.js';
import type { Logger } from '../observability/logger.js';
import { UpstreamUnavailableError, type GatewayError } from '../schema/errors.js';
import type { PubSub } from '../store/store.js';
import { decodeChannelMessage } from './candle-channel.js';
import { CandleSequencer, type ClosedBarFetcher } from './candle-sequencer.js';
import { SubscriberQueue } from './subscriber-queue.js';

/** Closed bars remembered for subscribers resuming with `since`. */
const recentClosedKept = 64;

export interface CandleHubOptions {
  stream: string;
  interval: Interval;
  channel: string;
  store: PubSub;
  logger: Logger;
  fetchClosed: ClosedBarFetcher;
  /** The newest bar from the cache or REST, so the first subscriber need not wait for the stream. */
  loadLatest(): Promise<Candle | undefined>;
  maxPendingClosed: number;
  /** A holder let go of the upstream stream on purpose. */
  onReleased(): void;
}

export class CandleHub {
  private readonly subscribers = new Set<SubscriberQueue>();
  private readonly sequencer: CandleSequencer;
  private readonly recentClosed: Candle[] = [];
  private forming: Candle | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(private readonly options: CandleHubOptions) {
    this.sequencer = new CandleSequencer({
      interval: options.interval,
      fetchClosed: options.fetchClosed,
      emit: (candle) => this.deliver(candle),
      onGapLost: (from, before, error) => {
        options.logger.error({ err: error, stream: options.stream, from, before }, 'gap in the stream could not be filled');
        this.failAll(new UpstreamUnavailableError('The candle stream lost bars it could not recover; subscribe again with since to resume.'));
      },
    });
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Open time of the next bar due closed, as far as this instance has seen the stream. */
  get expectedOpen(): number | undefined {
    return this.sequencer.expectedOpen;
  }

  /** Starts listening on the stream's channel. */
  async listen(): Promise<void> {
    this.unsubscribe = await this.options.store.subscribe(this.options.channel, (raw) => {
      const message = decodeChannelMessage(raw);
      if (message?.kind === 'candle') this.sequencer.push(message.candle);
      else if (message?.kind === 'released') this.options.onReleased();
    });
  }

  /** Reads the newest bar, unless the stream spoke first, so subscribers need not wait for it. */
  async seed(): Promise<void> {
    try {
      const latest = await this.options.loadLatest();
      if (latest && !this.sequencer.started) this.sequencer.push(latest);
    } catch (error) {
      this.options.logger.warn({ err: error, stream: this.options.stream }, 'could not read the newest bar; waiting for the stream');
    }
  }

  /** A queue for a new subscriber, starting with the forming bar when known. */
  attach(): SubscriberQueue {
    const queue = new SubscriberQueue(this.options.maxPendingClosed, (failed, error) => {
      this.subscribers.delete(failed);
      const why = error.code === 'SLOW_CONSUMER' ? 'too far behind' : error.message;
      this.options.logger.warn({ stream: this.options.stream, code: error.code }, `subscriber ended: ${why}`);
    });
    if (this.forming) queue.push(this.forming);
    this.subscribers.add(queue);
    return queue;
  }

  /** Ends every subscriber with `error` (each gets it as its last item). */
  failAll(error: GatewayError): void {
    for (const queue of this.subscribers) queue.fail(error);
  }

  detach(queue: SubscriberQueue): void {
    this.subscribers.delete(queue);
    queue.end();
  }

  /** Closed bars with openTime ≥ from that this instance still remembers, ascending. */
  closedSince(from: number): Candle[] {
    return this.recentClosed.filter((c) => c.openTime >= from);
  }

  async close(): Promise<void> {
    this.sequencer.stop();
    for (const queue of this.subscribers) queue.end();
    this.subscribers.clear();
    await this.unsubscribe?.().catch(() => undefined);
  }

  private deliver(candle: Candle): void {
    if (candle.closed) {
      this.forming = undefined;
      this.recentClosed.push(candle);
      if (this.recentClosed.length > recentClosedKept) this.recentClosed.shift();
    } else {
      this.forming = candle;
    }
    for (const queue of this.subscribers) queue.push(candle);
  }
}
