/**
 * How a taker fills while a test has pinned the price (`orders.setPrice`), kept exactly as the
 * simulator always did so that gateway tests can predict fills to the last digit: unlimited
 * liquidity at the pinned price P; a MARKET order by quantity split into up to three fills, each a
 * tick worse (P, P±1, P±2 ticks), so averages are worth computing; a MARKET order by quote amount
 * one fill at P; a LIMIT order that reaches P one fill at P, otherwise nothing.
 */
import type { Leg, TakerRequest } from './taker-walk.js';

/** Up to three fills of whole steps: half, then half of the rest, then the rest. */
function split(steps: number): number[] {
  if (steps < 3) return [steps];
  const first = Math.ceil(steps / 2);
  const second = Math.ceil((steps - first) / 2);
  return [first, second, steps - first - second];
}

export function pinnedLegs(request: TakerRequest, pinned: number, tickStep: bigint): Leg[] {
  const buy = request.side === 'BUY';
  if (request.limitTicks !== undefined) {
    const reaches = buy ? request.limitTicks >= pinned : request.limitTicks <= pinned;
    return reaches && request.steps ? [{ ticks: pinned, steps: request.steps }] : [];
  }
  if (request.steps === undefined) {
    const steps = request.quoteBudget === undefined ? 0 : Number(request.quoteBudget / (BigInt(pinned) * tickStep));
    return steps > 0 ? [{ ticks: pinned, steps }] : [];
  }
  return split(request.steps).map((steps, i) => ({ ticks: buy ? pinned + i : Math.max(1, pinned - i), steps }));
}
