/**
 * This instance's 24-hour ticker of one symbol, from the exchange's ticker stream (every second):
 * each ticker goes to the followers, and the newest is kept for whoever asks (queries answered from
 * a live stream). A ticker is a whole state, not a change, so an interruption needs no repair.
 */
import type { MarketStreamManager } from '../exchange/market-stream-manager.js';
import type { Ticker } from '../market-data/ticker.js';
import type { Logger } from '../observability/logger.js';
import { parseTickerEvent, tickerStreamName } from './market-events.js';
import { UpstreamSource } from './upstream-source.js';

export class TickerSource extends UpstreamSource<Ticker, Ticker> {
  private newest: Ticker | undefined;

  constructor(options: { symbol: string; manager: MarketStreamManager; logger: Logger }) {
    super({ stream: tickerStreamName(options.symbol), manager: options.manager, logger: options.logger, parse: parseTickerEvent, eventName: 'a ticker' });
  }

  get latest(): Ticker | undefined {
    return this.newest;
  }

  protected onEvent(ticker: Ticker): void {
    // A ticker older than the one held (a connection replaced make-before-break) is not news.
    if (this.newest && ticker.closeTime < this.newest.closeTime) return;
    this.newest = ticker;
    this.emit(ticker);
  }
}
