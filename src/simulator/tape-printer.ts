/**
 * Printing trades on a symbol's tape: the next trade and aggregate ids (one aggregate per taker
 * order and price), the trade listeners (streams), and the stop orders waiting for a last price
 * at or beyond their stop, which each printed trade may trigger. Triggered stops are queued, not
 * run, so that a stop executes after the trade that triggered it is complete.
 */
import type { Tape, TapeTrade } from './tape.js';

/** A stop order waiting for its trigger: last price ≥ stop (`above`) or ≤ stop. */
export interface PendingStop {
  orderId: number;
  stopTicks: number;
  above: boolean;
}

export class TapePrinter {
  readonly listeners = new Set<(trade: TapeTrade) => void>();
  /** Stops whose trigger was hit, oldest first, not yet run. */
  readonly triggered: number[] = [];
  private stops: PendingStop[] = [];
  private last = { token: -1, ticks: -1, aggId: -1 };
  private nextToken = 0;

  constructor(private readonly tape: Tape, public nextTradeId: number, public nextAggId: number) {}

  /** A fresh taker identity: trades printed with one token at one price form one aggregate trade. */
  token(): number {
    return this.nextToken++;
  }

  print(ticks: number, steps: number, buyerMaker: boolean, token: number, time: number): TapeTrade {
    const sameAgg = this.last.token === token && this.last.ticks === ticks;
    const aggId = sameAgg ? this.last.aggId : this.nextAggId++;
    this.last = { token, ticks, aggId };
    const trade: TapeTrade = { id: this.nextTradeId++, time, ticks, steps, buyerMaker, aggId };
    this.tape.append(trade);
    for (const listener of this.listeners) listener(trade);
    // Most trades find no stop waiting: no new array for them.
    if (this.stops.length === 0) return trade;
    this.stops = this.stops.filter((stop) => {
      const hit = stop.above ? ticks >= stop.stopTicks : ticks <= stop.stopTicks;
      if (hit) this.triggered.push(stop.orderId);
      return !hit;
    });
    return trade;
  }

  addStop(stop: PendingStop): void {
    this.stops.push(stop);
  }

  removeStop(orderId: number): void {
    this.stops = this.stops.filter((s) => s.orderId !== orderId);
  }
}
