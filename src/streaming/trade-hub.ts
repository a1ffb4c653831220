/**
 * One instance's end of a relayed trade tape (channel-hub.ts): the trades from the channel through
 * its own sequencer (trade-sequencer.ts), so that a lost pub/sub message or a change of holder costs a
 * REST backfill, never a gap, and every local subscriber gets every trade in exchange order. A reader
 * that leaves too many unread is ended (SLOW_CONSUMER) rather than let them pile up.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import type { TradePrint } from '../market-data/trade.js';
import { SlowConsumerError, UpstreamUnavailableError } from '../schema/errors.js';
import { ChannelHub, type SymbolHubOptions } from './channel-hub.js';
import { decodeTrade } from './market-channels.js';
import type { Sequencer } from './sequencer.js';
import { createTradeSequencer } from './trade-sequencer.js';

export interface TradeHubOptions extends SymbolHubOptions {
  exchange: Pick<MarketDataClient, 'historicalTrades'>;
  /** Trades a subscriber may leave unread before it is ended (STREAM_MAX_PENDING_TRADES). */
  maxPendingTrades: number;
}

export class TradeHub extends ChannelHub<TradePrint> {
  private readonly sequencer: Sequencer<TradePrint>;

  constructor(options: TradeHubOptions) {
    super({
      ...options,
      policy: { replaces: () => false, bound: { counts: () => true, max: options.maxPendingTrades, overflow: (n) => new SlowConsumerError(n, 'trades') } },
    });
    this.sequencer = createTradeSequencer({
      exchange: options.exchange,
      symbol: options.symbol,
      emit: (trade) => this.deliver(trade),
      onGapLost: (from, before, error) => {
        options.logger.error({ err: error, symbol: options.symbol, from, before }, 'trades missing from the relay could not be fetched');
        this.failAll(new UpstreamUnavailableError('The trade stream lost trades it could not recover; subscribe again.'));
      },
    });
  }

  protected receive(message: Record<string, unknown>): void {
    const trade = decodeTrade(message);
    if (trade) this.sequencer.push(trade);
  }

  protected override onClose(): void {
    this.sequencer.stop();
  }
}
