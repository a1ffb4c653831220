/**
 * A paper account's balances while a trade is computed: free and locked per asset, in decimal.js.
 * Every debit checks the free amount first, so no computation can take a balance below zero.
 */
import { InsufficientBalanceError } from '../schema/errors.js';
import { Dec, formatDecimal } from './decimal.js';

/** How balances are stored: decimal strings per asset. */
export type StoredBalances = Record<string, { free: string; locked: string }>;

export interface BalanceView {
  asset: string;
  free: string;
  locked: string;
}

export class PaperBalances {
  private readonly amounts = new Map<string, { free: Dec; locked: Dec }>();

  constructor(stored: StoredBalances) {
    for (const [asset, { free, locked }] of Object.entries(stored)) {
      this.amounts.set(asset, { free: new Dec(free), locked: new Dec(locked) });
    }
  }

  private of(asset: string): { free: Dec; locked: Dec } {
    let amount = this.amounts.get(asset);
    if (amount === undefined) {
      amount = { free: new Dec(0), locked: new Dec(0) };
      this.amounts.set(asset, amount);
    }
    return amount;
  }

  /** Throws INSUFFICIENT_BALANCE unless `amount` of `asset` is free. */
  requireFree(asset: string, amount: Dec): void {
    const free = this.amounts.get(asset)?.free ?? new Dec(0);
    if (free.lt(amount)) {
      throw new InsufficientBalanceError(
        `Insufficient ${asset} balance: the order needs ${formatDecimal(amount)}, ${formatDecimal(free)} is free.`,
      );
    }
  }

  credit(asset: string, amount: Dec): void {
    const balance = this.of(asset);
    balance.free = balance.free.plus(amount);
  }

  debit(asset: string, amount: Dec): void {
    this.requireFree(asset, amount);
    const balance = this.of(asset);
    balance.free = balance.free.minus(amount);
  }

  /** Moves `amount` from free to locked (funds of a resting order). */
  lock(asset: string, amount: Dec): void {
    this.debit(asset, amount);
    const balance = this.of(asset);
    balance.locked = balance.locked.plus(amount);
  }

  /** Moves `amount` back from locked to free (a resting order canceled or expired). */
  unlock(asset: string, amount: Dec): void {
    const balance = this.of(asset);
    const released = Dec.min(amount, balance.locked);
    balance.locked = balance.locked.minus(released);
    balance.free = balance.free.plus(released);
  }

  /** Takes `amount` out of locked (a resting order filled); never below zero. */
  spendLocked(asset: string, amount: Dec): void {
    const balance = this.of(asset);
    balance.locked = Dec.max(0, balance.locked.minus(amount));
  }

  toStored(): StoredBalances {
    const stored: StoredBalances = {};
    for (const [asset, { free, locked }] of this.amounts) {
      stored[asset] = { free: formatDecimal(free), locked: formatDecimal(locked) };
    }
    return stored;
  }

  /** For the API: sorted by asset. */
  list(): BalanceView[] {
    return Object.entries(this.toStored())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([asset, amount]) => ({ asset, ...amount }));
  }
}
