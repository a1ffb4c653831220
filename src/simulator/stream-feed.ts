/**
 * What a source of market stream data (klines, trades, depth, tickers) offers the stream hub: which
 * stream names it serves, and starting and stopping a stream with its first and last subscriber.
 */
export interface StreamFeed {
  serves(stream: string): boolean;
  /** The stream got its first subscriber. */
  start(stream: string): void;
  /** The stream lost its last subscriber. */
  stop(stream: string): void;
  stopAll(): void;
}

/** Sends a data event to a stream's subscribers. */
export type Publish = (stream: string, event: unknown) => void;
