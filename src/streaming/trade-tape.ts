/**
 * This instance's tape of one symbol's trades: the exchange's trade stream through the sequencer
 * (trade-sequencer.ts), so that its followers see every trade in exchange order, with no gap across
 * an upstream reconnect (paged in over REST by trade id) and no duplicate (a connection replaced
 * make-before-break delivers some twice). Once the stream is back after an interruption it catches
 * up over REST at once, so trades missed before a quiet spell are not held back until the next trade. It remembers the
 * newest trades it delivered, for queries.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import type { MarketStreamManager } from '../exchange/market-stream-manager.js';
import { maxTradesLimit, type TradePrint } from '../market-data/trade.js';
import type { Logger } from '../observability/logger.js';
import { parseTradeEvent, tradeStreamName } from './market-events.js';
import type { Sequencer } from './sequencer.js';
import { createTradeSequencer } from './trade-sequencer.js';
import { UpstreamSource } from './upstream-source.js';

/** Trades remembered for queries (Market.trades' largest limit). */
const recentTradesKept = maxTradesLimit;

export interface TradeTapeOptions {
  symbol: string;
  manager: MarketStreamManager;
  exchange: Pick<MarketDataClient, 'historicalTrades'>;
  logger: Logger;
}

export class TradeTape extends UpstreamSource<TradePrint, TradePrint> {
  private readonly sequencer: Sequencer<TradePrint>;
  private readonly recent: TradePrint[] = [];

  constructor(private readonly options: TradeTapeOptions) {
    super({ stream: tradeStreamName(options.symbol), manager: options.manager, logger: options.logger, parse: parseTradeEvent, eventName: 'a trade' });
    this.sequencer = createTradeSequencer({
      exchange: options.exchange,
      symbol: options.symbol,
      emit: (trade) => this.deliver(trade),
      onGapLost: (from, before, error) => {
        options.logger.error({ err: error, symbol: options.symbol, from, before }, 'trades missed by the stream could not be fetched');
        // What is remembered must be a run without a hole: it starts again after the gap.
        this.recent.length = 0;
      },
    });
  }

  /** The newest `limit` trades, oldest first, when the tape holds that many in a row; else undefined. */
  recentTrades(limit: number): TradePrint[] | undefined {
    return this.recent.length >= limit ? this.recent.slice(this.recent.length - limit) : undefined;
  }

  protected onEvent(trade: TradePrint): void {
    this.sequencer.push(trade);
  }

  /** What traded while the stream was away, over REST, without waiting for a next trade to show the gap. */
  protected override onResumed(): void {
    this.sequencer.catchUp();
  }

  protected override onClose(): void {
    this.sequencer.stop();
  }

  private deliver(trade: TradePrint): void {
    this.recent.push(trade);
    if (this.recent.length > 2 * recentTradesKept) this.recent.splice(0, this.recent.length - recentTradesKept);
    this.emit(trade);
  }
}
