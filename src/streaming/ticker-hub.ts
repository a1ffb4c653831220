/**
 * One instance's end of a relayed ticker (channel-hub.ts): each ticker from the channel goes to every
 * local subscriber, where only the newest waits for a slow reader. It keeps the newest, read first
 * over REST so that a new subscriber gets one at once.
 */
import type { Ticker } from '../market-data/ticker.js';
import { ChannelHub, type SymbolHubOptions } from './channel-hub.js';
import { decodeTicker } from './market-channels.js';
import { latestOnly } from './subscriber-queue.js';

export interface TickerHubOptions extends SymbolHubOptions {
  /** The ticker now, over REST, until the stream speaks. */
  loadTicker: () => Promise<Ticker>;
}

export class TickerHub extends ChannelHub<Ticker> {
  private newest: Ticker | undefined;

  constructor(private readonly options: TickerHubOptions) {
    super({ ...options, policy: latestOnly });
  }

  /** The newest ticker this instance has of the symbol. */
  get latest(): Ticker | undefined {
    return this.newest;
  }

  /** Reads the ticker over REST, unless the stream spoke first. */
  async seed(): Promise<void> {
    try {
      const ticker = await this.options.loadTicker();
      if (!this.newest) this.offer(ticker);
    } catch (error) {
      this.options.logger.warn({ err: error, symbol: this.options.symbol }, 'could not read the ticker; waiting for the stream');
    }
  }

  protected receive(message: Record<string, unknown>): void {
    const ticker = decodeTicker(message);
    if (ticker) this.offer(ticker);
  }

  protected override firstItems(): readonly Ticker[] {
    return this.newest ? [this.newest] : [];
  }

  private offer(ticker: Ticker): void {
    if (this.newest && ticker.closeTime < this.newest.closeTime) return;
    this.newest = ticker;
    this.deliver(ticker);
  }
}
