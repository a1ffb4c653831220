/**
 * One instance's end of one candle stream (channel-hub.ts): keeps the candles from the channel in
 * order (its own sequencer, in case a pub/sub message is lost) and hands each one to every local
 * subscriber's queue, forming updates coalesced for a slow reader and closed bars bounded. It
 * remembers the forming bar, so a new subscriber gets it at once, and the last closed bars, for
 * resuming subscribers.
 */
import type { Candle } from '../market-data/candle.js';
import type { Interval } from '../market-data/intervals.js';
import type { Logger } from '../observability/logger.js';
import { SlowConsumerError, UpstreamUnavailableError } from '../schema/errors.js';
import type { PubSub } from '../store/store.js';
import { decodeCandleMessage } from './candle-channel.js';
import { CandleSequencer, type ClosedBarFetcher } from './candle-sequencer.js';
import { ChannelHub } from './channel-hub.js';
import type { QueuePolicy } from './subscriber-queue.js';

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
  onReleased: () => void;
}

/** A forming bar replaces its own unread updates; closed bars are kept, up to a bound. */
function candlePolicy(maxPendingClosed: number): QueuePolicy<Candle> {
  return {
    replaces: (last, next) => !last.closed && last.openTime === next.openTime,
    bound: { counts: (candle) => candle.closed, max: maxPendingClosed, overflow: (pending) => new SlowConsumerError(pending) },
  };
}

export class CandleHub extends ChannelHub<Candle> {
  private readonly sequencer: CandleSequencer;
  private readonly recentClosed: Candle[] = [];
  private forming: Candle | undefined;

  constructor(private readonly options: CandleHubOptions) {
    super({ ...options, policy: candlePolicy(options.maxPendingClosed) });
    this.sequencer = new CandleSequencer({
      interval: options.interval,
      fetchClosed: options.fetchClosed,
      emit: (candle) => this.deliverCandle(candle),
      onGapLost: (from, before, error) => {
        options.logger.error({ err: error, stream: options.stream, from, before }, 'gap in the stream could not be filled');
        this.failAll(new UpstreamUnavailableError('The candle stream lost bars it could not recover; subscribe again with since to resume.'));
      },
    });
  }

  /** Open time of the next bar due closed, as far as this instance has seen the stream. */
  get expectedOpen(): number | undefined {
    return this.sequencer.expectedOpen;
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

  /** Closed bars with openTime ≥ from that this instance still remembers, ascending. */
  closedSince(from: number): Candle[] {
    return this.recentClosed.filter((c) => c.openTime >= from);
  }

  protected receive(message: Record<string, unknown>): void {
    const candle = decodeCandleMessage(message);
    if (candle) this.sequencer.push(candle);
  }

  protected override firstItems(): readonly Candle[] {
    return this.forming ? [this.forming] : [];
  }

  protected override onClose(): void {
    this.sequencer.stop();
  }

  private deliverCandle(candle: Candle): void {
    if (candle.closed) {
      this.forming = undefined;
      this.recentClosed.push(candle);
      if (this.recentClosed.length > recentClosedKept) this.recentClosed.shift();
    } else {
      this.forming = candle;
    }
    this.deliver(candle);
  }
}
