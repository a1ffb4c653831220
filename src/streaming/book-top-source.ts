/**
 * This instance's view of one symbol's best bid and ask, from the exchange's book-ticker stream
 * (real time: every change of the best prices or quantities). Events come with the book's update id,
 * so one older than what we hold (a connection replaced make-before-break) is dropped. Once the
 * stream is back after an interruption the top is read once over REST, unless the stream speaks
 * first: a quiet book sends nothing to say what changed while we were away.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import type { MarketStreamManager } from '../exchange/market-stream-manager.js';
import { bookTopFromRest, sameBookTop, type BookTop } from '../market-data/book-top.js';
import type { Logger } from '../observability/logger.js';
import { bookTickerStreamName, parseBookTickerEvent, type BookTopEvent } from './market-events.js';
import { UpstreamSource } from './upstream-source.js';

export interface BookTopSourceOptions {
  symbol: string;
  manager: MarketStreamManager;
  exchange: Pick<MarketDataClient, 'bookTicker' | 'clock'>;
  logger: Logger;
}

export class BookTopSource extends UpstreamSource<BookTopEvent, BookTop> {
  private top: BookTop | undefined;
  private updateId = -1;
  /** Events seen so far: a REST answer started before the latest one is older than what we hold. */
  private events = 0;

  constructor(private readonly options: BookTopSourceOptions) {
    super({
      stream: bookTickerStreamName(options.symbol),
      manager: options.manager,
      logger: options.logger,
      parse: (data) => parseBookTickerEvent(data, options.exchange.clock.now()),
      eventName: 'a book ticker',
    });
  }

  /** The newest top, once the stream (or a REST refresh) told one. */
  get latest(): BookTop | undefined {
    return this.top;
  }

  protected onEvent(event: BookTopEvent): void {
    if (event.updateId <= this.updateId) return;
    this.updateId = event.updateId;
    this.events++;
    this.offer(event.top);
  }

  protected override onResumed(): void {
    const eventsBefore = this.events;
    this.options.exchange
      .bookTicker(this.options.symbol)
      .then((row) => {
        if (this.events === eventsBefore && !this.isClosed) this.offer(bookTopFromRest(row, this.options.exchange.clock.now()));
      })
      .catch((error: unknown) => this.options.logger.warn({ err: error, symbol: this.options.symbol }, 'book top not refreshed after a reconnect'));
  }

  private offer(top: BookTop): void {
    const changed = !this.top || !sameBookTop(this.top, top);
    this.top = top;
    if (changed) this.emit(top);
  }
}
