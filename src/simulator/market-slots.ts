/**
 * The automatic tape's takers: within each 100 ms step of the market, which taker orders arrive,
 * when, on which side, for how much, and against how many makers they split. Each is a pure
 * function of (seed, symbol, slot number), and slots are numbered along the price path's activity
 * curve, so the tape trades most when the generated klines say the market was busy.
 */
import type { PricePath } from './price-path.js';
import { mix32, unitHash } from './price-path.js';
import type { ListedSymbol } from './symbols.js';

/** The market's clock tick: the book moves and diff events are cut on these boundaries. */
export const STEP_MS = 100;
/** Trades per taker order on average (1, 2 or 3 makers with 60/30/10 % chance). */
export const TRADES_PER_SLOT = 1.5;

/** One automatic taker order. */
export interface Slot {
  /** Global slot number: its aggregate trade id before any offset. */
  id: number;
  time: number;
  /** The taker buys (lifts the ask) or sells (hits the bid). */
  buy: boolean;
  steps: number;
  /** Makers it fills against, each a separate trade at the same price. */
  parts: number;
}

export class SlotSource {
  private readonly slotsPerActivityMs: number;
  private readonly meanSteps: number;
  private readonly salt: number;

  constructor(private readonly path: PricePath, symbol: ListedSymbol) {
    const slotsPerSecond = symbol.spec.tradesPerSecond / TRADES_PER_SLOT;
    this.slotsPerActivityMs = slotsPerSecond / 1000;
    const volumePerSlot = slotsPerSecond > 0 ? symbol.spec.baseVolumePerSecond / slotsPerSecond : 0;
    this.meanSteps = Math.max(1, (volumePerSlot * 1e8) / symbol.stepUnits);
    this.salt = mix32(path.salt ^ 0x1b873593);
  }

  /** Number of the first slot at or after `t` (slots before listing do not exist). */
  slotIdAt(t: number): number {
    return Math.floor(this.slotsPerActivityMs * this.path.activity(t));
  }

  /** The slots of the step starting at `stepStart`, by time. */
  slotsOf(stepStart: number): Slot[] {
    const first = this.slotIdAt(stepStart);
    const end = this.slotIdAt(stepStart + STEP_MS);
    const slots: Slot[] = [];
    for (let id = first; id < end; id++) {
      const u = (k: number): number => unitHash(this.salt ^ k, id);
      const steps = Math.max(1, Math.round(this.meanSteps * -Math.log(1 - u(0x11) * 0.999)));
      const p = u(0x22);
      const parts = Math.min(steps, p < 0.6 ? 1 : p < 0.9 ? 2 : 3);
      slots.push({ id, time: stepStart + Math.floor(u(0x33) * STEP_MS), buy: u(0x44) < 0.5, steps, parts });
    }
    return slots.sort((a, b) => a.time - b.time || a.id - b.id);
  }
}
