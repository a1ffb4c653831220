/**
 * One account's balances per asset, free and locked, in decimal arithmetic. Every change marks
 * the asset, so the user data stream can report exactly the assets an action touched
 * (`outboundAccountPosition`). Refusals throw Binance's -2010 "insufficient balance".
 */
import { BinanceError } from './binance-error.js';
import { Dec, fmt8 } from './decimals.js';

interface Holding {
  free: Dec;
  locked: Dec;
}

export const insufficientBalance = (): BinanceError => new BinanceError(400, -2010, 'Account has insufficient balance for requested action.');

export class Balances {
  private readonly holdings = new Map<string, Holding>();
  private readonly changed = new Set<string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [asset, amount] of Object.entries(initial)) this.holdings.set(asset, { free: new Dec(amount), locked: new Dec(0) });
  }

  private holding(asset: string): Holding {
    let holding = this.holdings.get(asset);
    if (!holding) {
      holding = { free: new Dec(0), locked: new Dec(0) };
      this.holdings.set(asset, holding);
    }
    return holding;
  }

  free(asset: string): Dec {
    return this.holdings.get(asset)?.free ?? new Dec(0);
  }

  locked(asset: string): Dec {
    return this.holdings.get(asset)?.locked ?? new Dec(0);
  }

  /** Throws -2010 unless `amount` is free. */
  require(asset: string, amount: Dec): void {
    if (this.free(asset).lt(amount)) throw insufficientBalance();
  }

  /** Moves `amount` from free to locked (throws -2010 when not free). */
  lock(asset: string, amount: Dec): void {
    this.require(asset, amount);
    const holding = this.holding(asset);
    holding.free = holding.free.minus(amount);
    holding.locked = holding.locked.plus(amount);
    this.changed.add(asset);
  }

  /** Moves `amount` from locked back to free. */
  unlock(asset: string, amount: Dec): void {
    if (amount.isZero()) return;
    const holding = this.holding(asset);
    holding.locked = holding.locked.minus(amount);
    holding.free = holding.free.plus(amount);
    this.changed.add(asset);
  }

  /** Takes `amount` out of the locked part (what a resting order pays with). */
  spendLocked(asset: string, amount: Dec): void {
    const holding = this.holding(asset);
    holding.locked = holding.locked.minus(amount);
    this.changed.add(asset);
  }

  /** Takes `amount` out of the free part (throws -2010 when not free). */
  spendFree(asset: string, amount: Dec): void {
    this.require(asset, amount);
    const holding = this.holding(asset);
    holding.free = holding.free.minus(amount);
    this.changed.add(asset);
  }

  /** Adds to (or, negative, takes from) the free part: fills received, deposits. */
  credit(asset: string, amount: Dec): void {
    const holding = this.holding(asset);
    holding.free = holding.free.plus(amount);
    this.changed.add(asset);
  }

  /** The assets changed since the last call. */
  takeChanged(): string[] {
    const assets = [...this.changed];
    this.changed.clear();
    return assets;
  }

  /** Balances as GET /api/v3/account lists them, assets in alphabetical order. */
  list(omitZero = false): Array<{ asset: string; free: string; locked: string }> {
    return [...this.holdings]
      .filter(([, h]) => !omitZero || !h.free.isZero() || !h.locked.isZero())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([asset, h]) => ({ asset, free: fmt8(h.free), locked: fmt8(h.locked) }));
  }
}
