/**
 * The base of this instance's consumers of one exchange stream (a symbol's trade tape, its book
 * ticker, its order book): it subscribes through the market-stream manager (one upstream
 * subscription per stream, whoever else listens to it) and hands what it makes of the events to any
 * number of followers, one follower's exception never reaching the others.
 */
import type { InterruptionCause, MarketStreamManager } from '../exchange/market-stream-manager.js';
import type { Logger } from '../observability/logger.js';

export interface UpstreamSourceOptions<E> {
  stream: string;
  manager: MarketStreamManager;
  logger: Logger;
  /** The stream's event in a payload, or undefined when the payload is something else. */
  parse: (data: unknown) => E | undefined;
  /** What an event is, for the log line about a payload that is not one ("a trade"). */
  eventName: string;
}

/** E: the stream's parsed events; T: what followers get. */
export abstract class UpstreamSource<E, T> {
  private readonly followers = new Set<(item: T) => void>();
  private readonly listener = (data: unknown): void => {
    const event = this.source.parse(data);
    if (event === undefined) this.source.logger.warn({ stream: this.source.stream }, `market-stream payload is not ${this.source.eventName}; dropped`);
    else this.onEvent(event);
  };
  private started = false;
  private stopped = false;

  constructor(protected readonly source: UpstreamSourceOptions<E>) {}

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

  /** One event of the stream. */
  protected abstract onEvent(event: E): void;

  /** Events may have been lost (market-stream-manager.ts). */
  protected onInterrupted(_cause: InterruptionCause): void {}

  /** After an interruption, the stream flows again. */
  protected onResumed(): void {}

  protected onClose(): void {}
}
