/**
 * A local order book: for each side, its price levels sorted best first, kept from a snapshot and the
 * exchange's diff events (each level's quantity absolute; zero removes it). Prices are compared as
 * decimal strings, exactly (never as floats), and kept as the exchange wrote them.
 *
 * A snapshot holds at most so many levels per side; beyond its deepest one, the book knows only the
 * levels diff events have touched since, so it may miss some (the exchange's reference §13). Each
 * side remembers that boundary, and `knownDepth` says how many of its best levels are surely complete:
 * a view deeper than that would not be the exchange's book, and is never served.
 */
import type { PriceLevelRow } from '../exchange/binance-schemas.js';

export interface PriceLevel {
  price: string;
  quantity: string;
}

/** The canonical form of a non-negative decimal: no leading zeros before the point, no trailing ones after it. */
export function canonicalDecimal(value: string): string {
  const dot = value.indexOf('.');
  let whole = dot < 0 ? value : value.slice(0, dot);
  let fraction = dot < 0 ? '' : value.slice(dot + 1);
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

/** Compares two canonical decimals exactly: negative when a < b. */
export function compareCanonical(a: string, b: string): number {
  const dotA = a.indexOf('.');
  const dotB = b.indexOf('.');
  const wholeA = dotA < 0 ? a.length : dotA;
  const wholeB = dotB < 0 ? b.length : dotB;
  if (wholeA !== wholeB) return wholeA - wholeB;
  return a < b ? -1 : a > b ? 1 : 0;
}

const isZero = (quantity: string): boolean => /^0*(\.0*)?$/.test(quantity);

export class BookSide {
  /** Canonical prices, best first. */
  private readonly keys: string[] = [];
  private readonly levels = new Map<string, PriceLevel>();
  /** The deepest price the last snapshot reached, where it was cut short (more levels may lie beyond). */
  private boundary: string | undefined;

  /** @param bids true: best = highest price */
  constructor(private readonly bids: boolean) {}

  get size(): number {
    return this.keys.length;
  }

  /** Replaces the side with a snapshot's levels; `complete`: the snapshot holds every level of the side. */
  reset(levels: readonly PriceLevelRow[], complete: boolean): void {
    this.keys.length = 0;
    this.levels.clear();
    for (const [price, quantity] of levels) this.set(price, quantity);
    this.boundary = complete ? undefined : this.keys.at(-1);
  }

  /** Sets the level's absolute quantity; zero removes it (a no-op for a level not held). */
  set(price: string, quantity: string): void {
    const key = canonicalDecimal(price);
    const index = this.indexOf(key);
    const held = this.keys[index] === key;
    if (isZero(quantity)) {
      if (!held) return;
      this.keys.splice(index, 1);
      this.levels.delete(key);
      return;
    }
    if (!held) this.keys.splice(index, 0, key);
    // A new object each time: views handed out earlier keep the quantity they showed.
    this.levels.set(key, { price, quantity });
  }

  /** The best `depth` levels (fewer where the side has fewer). */
  top(depth: number): PriceLevel[] {
    const count = Math.min(depth, this.keys.length);
    const out = new Array<PriceLevel>(count);
    for (let i = 0; i < count; i++) out[i] = this.levels.get(this.keys[i] as string) as PriceLevel;
    return out;
  }

  /** How many of the best levels are surely the exchange's (Infinity: every one). */
  knownDepth(): number {
    if (this.boundary === undefined) return Number.POSITIVE_INFINITY;
    const index = this.indexOf(this.boundary);
    return this.keys[index] === this.boundary ? index + 1 : index;
  }

  /** Where `key` is or would be inserted, best first (binary search). */
  private indexOf(key: string): number {
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const order = compareCanonical(this.keys[mid] as string, key);
      const before = this.bids ? order > 0 : order < 0;
      if (before) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** A snapshot of a book: the update id it is current to and its levels, best first. */
export interface BookSnapshot {
  lastUpdateId: number;
  bids: readonly PriceLevelRow[];
  asks: readonly PriceLevelRow[];
  /** Whether each side holds every level (the exchange sent fewer than asked for). */
  bidsComplete: boolean;
  asksComplete: boolean;
}

export class OrderBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  /** The update id the book is current to. */
  lastUpdateId = 0;

  reset(snapshot: BookSnapshot): void {
    this.bids.reset(snapshot.bids, snapshot.bidsComplete);
    this.asks.reset(snapshot.asks, snapshot.asksComplete);
    this.lastUpdateId = snapshot.lastUpdateId;
  }

  /** Applies one diff event's levels and moves the book to its last update id. */
  apply(bids: readonly PriceLevelRow[], asks: readonly PriceLevelRow[], lastUpdateId: number): void {
    for (const [price, quantity] of bids) this.bids.set(price, quantity);
    for (const [price, quantity] of asks) this.asks.set(price, quantity);
    this.lastUpdateId = lastUpdateId;
  }

  /** How deep a view of both sides may go and still be the exchange's book. */
  knownDepth(): number {
    return Math.min(this.bids.knownDepth(), this.asks.knownDepth());
  }

  /** The book's best `depth` levels per side, as a snapshot (at most `depth`, never past the known depth). */
  snapshot(depth: number): BookSnapshot {
    const bidsDepth = Math.min(depth, this.bids.knownDepth());
    const asksDepth = Math.min(depth, this.asks.knownDepth());
    const row = (level: PriceLevel): PriceLevelRow => [level.price, level.quantity];
    return {
      lastUpdateId: this.lastUpdateId,
      bids: this.bids.top(bidsDepth).map(row),
      asks: this.asks.top(asksDepth).map(row),
      bidsComplete: this.bids.knownDepth() === Number.POSITIVE_INFINITY && this.bids.size <= bidsDepth,
      asksComplete: this.asks.knownDepth() === Number.POSITIVE_INFINITY && this.asks.size <= asksDepth,
    };
  }
}
