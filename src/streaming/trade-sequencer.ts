/**
 * The sequencer (sequencer.ts) of one symbol's trades: in trade-id order with no gap and no
 * duplicate. Trades that went by while the stream was away are paged in over REST from the first id
 * missing (historicalTrades?fromId), as the exchange's reference describes the recovery.
 */
import type { MarketDataClient } from '../exchange/market-data-client.js';
import { maxTradesLimit, tradeFromRow, tradePosition, type TradePrint } from '../market-data/trade.js';
import { Sequencer } from './sequencer.js';

/** The most historicalTrades returns at once. */
const pageSize = maxTradesLimit;

export interface TradeSequencerOptions {
  exchange: Pick<MarketDataClient, 'historicalTrades'>;
  symbol: string;
  /** Receives the trades in order. */
  emit: (trade: TradePrint) => void;
  onGapLost: (from: number, before: number | undefined, error: unknown) => void;
  /** The first trade id due, when known (a follower resuming after a given trade). */
  expectedId?: number | undefined;
}

/** One page of trades with from ≤ id < before, oldest first. */
export async function fetchTradePage(
  exchange: Pick<MarketDataClient, 'historicalTrades'>,
  symbol: string,
  from: number,
  before: number | undefined,
): Promise<TradePrint[]> {
  const limit = before === undefined ? pageSize : Math.max(1, Math.min(pageSize, before - from));
  const rows = await exchange.historicalTrades(symbol, from, limit);
  return rows.filter((row) => row.id >= from && (before === undefined || row.id < before)).map(tradeFromRow);
}

export function createTradeSequencer(options: TradeSequencerOptions): Sequencer<TradePrint> {
  const { exchange, symbol } = options;
  return new Sequencer<TradePrint>({
    rules: { position: tradePosition, after: (trade) => tradePosition(trade) + 1, isFinal: () => true },
    fetchRange: (from, before) => fetchTradePage(exchange, symbol, from, before),
    pageSize,
    emit: options.emit,
    onGapLost: options.onGapLost,
    expected: options.expectedId,
  });
}
