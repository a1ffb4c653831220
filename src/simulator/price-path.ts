/**
 * The deterministic market behind every generated number: a price path P(t) and cumulative
 * activity (volume, trade count) for one symbol, each a pure function of (seed, symbol, t).
 *
 * Why a function of time rather than a random walk from bar to bar: a bar's values must not depend
 * on which page asked for it, closed bars must never change, the forming bar must end exactly where
 * REST later says it closed, and intervals must agree with each other (a 1h bar opens where its
 * first 1m bar opens). Value noise at 21 octaves (1 s … 12 days, amplitude ∝ √spacing) behaves like
 * Brownian motion at every scale yet stays bounded (about ±15% around the symbol's centre price), so
 * tests can rely on "BTCUSDT ≈ 64000". Cumulative activity is a line plus bounded noise whose slope
 * never exceeds the line's, so it only grows: volume over [a, b) is cum(b) − cum(a).
 */
import type { ListedSymbol } from './symbols.js';

const TWO_POW_32 = 4294967296;
const OCTAVES = 21;
const FINEST_SPACING_MS = 1000;
// ≈0.05% standard deviation per minute, like a liquid spot pair.
const VOLATILITY_PER_ROOT_SECOND = 4.6e-5;
const ACTIVITY_SPACINGS_MS = [60_000, 900_000, 14_400_000];
// Each activity octave may bend the slope by ±30%: the sum stays below 100%, so cum() is increasing.
const ACTIVITY_BEND = 0.15;

/** murmur3's 32-bit finaliser: a fast, well-mixed integer hash. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a salt and a non-negative integer of up to 53 bits, as a float in [0, 1). */
export function unitHash(salt: number, n: number): number {
  const low = n >>> 0;
  const high = Math.floor(n / TWO_POW_32) >>> 0;
  return mix32(mix32(salt ^ low) ^ Math.imul(high, 0x9e3779b1)) / TWO_POW_32;
}

/** Linearly interpolated value noise in [-1, 1] with knots every `spacing` ms (t ≥ 0, t / spacing < 2^32). */
function valueNoise(salt: number, spacing: number, t: number): number {
  const position = t / spacing;
  const index = Math.floor(position);
  const a = mix32(salt ^ index) / 2147483648 - 1;
  const b = mix32(salt ^ (index + 1)) / 2147483648 - 1;
  return a + (b - a) * (position - index);
}

export class PricePath {
  private readonly salts = new Int32Array(OCTAVES);
  private readonly amplitudes = new Float64Array(OCTAVES);
  private readonly spacings = new Float64Array(OCTAVES);
  private readonly activitySalts: number[];
  private readonly centre: number;
  private readonly volumePerMs: number;
  private readonly tradesPerMs: number;
  private readonly activityAtListing: number;
  /** One-entry memo: consecutive bars ask for the same boundary (this close, next open) back to back. */
  private memoT = Number.NaN;
  private memoPrice = 0;
  private memoActivityT = Number.NaN;
  private memoActivity = 0;
  private readonly knotIndex = new Float64Array(OCTAVES).fill(-1);
  private readonly knotLeft = new Float64Array(OCTAVES);
  private readonly knotRight = new Float64Array(OCTAVES);

  constructor(seed: number, readonly symbol: ListedSymbol, private readonly listingTime: number) {
    const base = mix32(mix32(seed) ^ symbol.hash);
    for (let k = 0; k < OCTAVES; k++) {
      const spacing = FINEST_SPACING_MS * 2 ** k;
      this.spacings[k] = spacing;
      this.amplitudes[k] = VOLATILITY_PER_ROOT_SECOND * Math.sqrt(spacing / 1000);
      this.salts[k] = mix32(base + k * 0x9e3779b9);
    }
    this.activitySalts = ACTIVITY_SPACINGS_MS.map((_, j) => mix32(base ^ (0x51ed270b + j)));
    this.centre = symbol.priceUnits / 1e8;
    this.volumePerMs = symbol.spec.baseVolumePerSecond / 1000;
    this.tradesPerMs = symbol.spec.tradesPerSecond / 1000;
    this.activityAtListing = this.activityNoise(listingTime);
  }

  /** A per-symbol salt for randomness that is not part of the path (wicks, taker share). */
  get salt(): number {
    return mix32(this.salts[0] ?? 0);
  }

  /** The price at `t` (float; callers round it to the tick). */
  price(t: number): number {
    if (t === this.memoT) return this.memoPrice;
    const { salts, spacings, amplitudes, knotIndex, knotLeft, knotRight } = this;
    let deviation = 0;
    for (let k = 0; k < OCTAVES; k++) {
      const position = t / (spacings[k] as number);
      const index = Math.floor(position);
      // Neighbouring times share the knots of every coarse octave: hash them once.
      if (knotIndex[k] !== index) {
        const salt = salts[k] as number;
        knotIndex[k] = index;
        knotLeft[k] = mix32(salt ^ index) / 2147483648 - 1;
        knotRight[k] = mix32(salt ^ (index + 1)) / 2147483648 - 1;
      }
      const left = knotLeft[k] as number;
      deviation += (amplitudes[k] as number) * (left + ((knotRight[k] as number) - left) * (position - index));
    }
    this.memoT = t;
    this.memoPrice = this.centre * Math.exp(deviation);
    return this.memoPrice;
  }

  /** The price at `t` in whole ticks. */
  priceTicks(t: number): number {
    return Math.max(1, Math.round((this.price(t) * 1e8) / this.symbol.tickUnits));
  }

  /** Bounded wobble shared by volume and trades, in units of "ms of average activity". */
  private activityNoise(t: number): number {
    let sum = 0;
    for (let j = 0; j < ACTIVITY_SPACINGS_MS.length; j++) {
      const spacing = ACTIVITY_SPACINGS_MS[j] ?? 1;
      sum += ACTIVITY_BEND * spacing * valueNoise(this.activitySalts[j] ?? 0, spacing, t);
    }
    return sum;
  }

  /**
   * Average activity since listing up to `t`, in ms of average activity: 0 before listing, increasing
   * after. Volume over [a, b) is volumePerMs · (activity(b) − activity(a)); trade ids follow tradesPerMs.
   */
  activity(t: number): number {
    if (t <= this.listingTime) return 0;
    if (t === this.memoActivityT) return this.memoActivity;
    this.memoActivityT = t;
    this.memoActivity = t - this.listingTime + this.activityNoise(t) - this.activityAtListing;
    return this.memoActivity;
  }

  /** Base-asset volume for an activity difference. */
  volumeFor(activityDelta: number): number {
    return this.volumePerMs * activityDelta;
  }

  /** Id of the next trade at activity `a`: trades in [a, b) are tradeIdFor(a) … tradeIdFor(b) − 1. */
  tradeIdFor(activity: number): number {
    return Math.floor(this.tradesPerMs * activity);
  }

  /** Base-asset volume traded in [from, to). Nothing trades before listing. */
  volumeBetween(from: number, to: number): number {
    return to <= from ? 0 : this.volumeFor(this.activity(to) - this.activity(from));
  }

  /** Id of the next trade at `t`. */
  tradeIdAt(t: number): number {
    return this.tradeIdFor(this.activity(t));
  }
}
