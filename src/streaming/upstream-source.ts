/**
 * The base of this instance's consumers of one exchange stream (a symbol's trade tape, its book
 * ticker, its order book): it subscribes through the market-stream manager (one upstream
 * subscription per stream, whoever else listens to it) and hands what it makes of the events to any
 * number of followers, one follower's exception never reaching the others.
 */
import type { InterruptionCause, MarketStreamManager } from '../exchange/market-stream-manager.js';
import type { Logger } from '../observability/logger.js';

export interface UpstreamSourceOptions {
  stream: string;
  manager: MarketStreamManager;
  logger: Logger;
}

export abstract class UpstreamSource<T> {
  private readonly followers = new Set<(item: T) => void>();
  private readonly listener = (data: unknown): void => this.onData(data);
  private started = false;
  private stopped = false;

  constructor(protected readonly source: UpstreamSourceOptions) {}

  get followerCount(): number {
    return this.followers.size;
  }

  /** Starts listening upstream; idempotent. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.source.manager.subscribe(this.source.stream, this.listener, {
      onInterrupted: (cause) => this.onInterrupted(cause),
      onResumed: () => this.onResumed(),
    });
  }

  /** Calls `follower` with every item from now on; returns the function that stops it. */
  follow(follower: (item: T) => void): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  close(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.followers.clear();
    this.source.manager.unsubscribe(this.source.stream, this.listener);
    this.onClose();
  }

  protected get isClosed(): boolean {
    return this.stopped;
  }

  protected emit(item: T): void {
    for (const follower of [...this.followers]) {
      try {
        follower(item);
      } catch (error) {
        this.source.logger.error({ err: error, stream: this.source.stream }, 'a follower of the stream threw');
      }
    }
  }

  /** One payload of the stream, as the exchange sent it. */
  protected abstract onData(data: unknown): void;

  /** Events may have been lost (market-stream-manager.ts). */
  protected onInterrupted(_cause: InterruptionCause): void {}

  /** After an interruption, the stream flows again. */
  protected onResumed(): void {}

  protected onClose(): void {}
}
