/**
 * How an account's taker order meets the book: level by level from the best price, resting
 * orders before the market makers at the same price (they were there first, as far as a test can
 * tell), until the quantity, the limit price, the quote budget (quoteOrderQty) or the book runs
 * out. The walk only plans; the market then executes exactly the planned legs, so a dry run
 * (balance and FOK checks) and the execution agree.
 */
import type { BookView } from './book-view.js';

export interface TakerRequest {
  side: 'BUY' | 'SELL';
  /** Worst price accepted, in ticks (LIMIT); none for MARKET. */
  limitTicks?: number;
  /** Base quantity in steps; or, instead, `quoteBudget`. */
  steps?: number;
  /** quoteOrderQty in 1e-16 units: spend (BUY) or receive (SELL) at most this. */
  quoteBudget?: bigint;
}

/** One fill of the plan: against a resting order, or against the market makers when orderId is absent. */
export interface Leg {
  ticks: number;
  steps: number;
  restingOrderId?: number;
}

/** `tickStep`: the quote value, in 1e-16 units, of one tick times one step. */
export function planTaker(view: BookView, request: TakerRequest, tickStep: bigint): Leg[] {
  const legs: Leg[] = [];
  let left = request.steps ?? Number.MAX_SAFE_INTEGER;
  let budget = request.quoteBudget;
  const side = request.side === 'BUY' ? 'ask' : 'bid';
  const acceptable = (tick: number): boolean =>
    request.limitTicks === undefined || (request.side === 'BUY' ? tick <= request.limitTicks : tick >= request.limitTicks);
  const take = (tick: number, available: number, restingOrderId?: number): boolean => {
    let steps = Math.min(available, left);
    if (budget !== undefined) steps = Math.min(steps, Number(budget / (BigInt(tick) * tickStep)));
    if (steps <= 0) return false;
    legs.push(restingOrderId === undefined ? { ticks: tick, steps } : { ticks: tick, steps, restingOrderId });
    left -= steps;
    if (budget !== undefined) budget -= BigInt(tick) * BigInt(steps) * tickStep;
    return left > 0;
  };
  view.forEachLevel(side, (tick, synthetic, resting) => {
    if (!acceptable(tick)) return false;
    for (const order of resting) if (!take(tick, order.remaining, order.orderId)) return false;
    return synthetic === 0 || take(tick, synthetic);
  });
  return legs;
}

/** Total base quantity of a plan, in steps. */
export function planSteps(legs: Leg[]): number {
  return legs.reduce((sum, leg) => sum + leg.steps, 0);
}
