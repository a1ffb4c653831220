/**
 * The shapes a market exchanges with whoever drives it: how it is built, where it reports what
 * happened to the accounts' orders (the order desk), and what a taker order got.
 */
import type { KlineGenerator } from './kline-generator.js';
import type { ListedSymbol } from './symbols.js';
import type { Leg } from './taker-walk.js';

/** Where the market reports what happened to the accounts' orders. */
export interface MarketSink {
  makerFilled(fill: { orderId: number; ticks: number; steps: number; tradeId: number; time: number }): void;
  stopTriggered(orderId: number): void;
}

/** A fill of an account's taker order. */
export interface TakerFill extends Leg {
  tradeId: number;
  time: number;
}

export interface MarketOptions {
  symbol: ListedSymbol;
  generator: KlineGenerator;
  tapeStart: number;
  tapeCapacity?: number;
  /** Called before the tape forgets trades older than `keepFrom`. */
  onForget?: (keepFrom: number) => void;
}
