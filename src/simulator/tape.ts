/**
 * One symbol's public trade tape: every trade the simulated market printed, oldest first, in
 * columns of typed arrays (a trade is about 41 bytes, so an hour of a busy symbol is a few MB).
 * Prices are whole ticks and quantities whole steps of the symbol, so nothing here is a float
 * amount. Ids only grow; they jump where the tape skipped a stretch of time (see market-segments).
 *
 * The newest `capacity` trades are kept: past it the oldest quarter is forgotten, after the
 * `onForget` hook (which seals the minute aggregates that still need those trades) has run.
 */

/** One trade as the tape holds it. */
export interface TapeTrade {
  id: number;
  time: number;
  ticks: number;
  steps: number;
  /** Binance's `isBuyerMaker` / `m`: the seller was the taker. */
  buyerMaker: boolean;
  /** Trades of one taker order at one price share an aggregate trade id. */
  aggId: number;
}

const INITIAL_CAPACITY = 1 << 14;
/** @default 1 000 000 trades per symbol (about 11 hours of BTCUSDT at 25 trades/s). */
export const DEFAULT_TAPE_CAPACITY = 1_000_000;

export class Tape {
  private ids = new Float64Array(INITIAL_CAPACITY);
  private times = new Float64Array(INITIAL_CAPACITY);
  private ticks = new Float64Array(INITIAL_CAPACITY);
  private steps = new Float64Array(INITIAL_CAPACITY);
  private aggIds = new Float64Array(INITIAL_CAPACITY);
  private makers = new Uint8Array(INITIAL_CAPACITY);
  private count = 0;

  constructor(
    private readonly capacity = DEFAULT_TAPE_CAPACITY,
    /** Called with the time of the oldest trade that survives, before older ones are dropped. */
    private readonly onForget: (keepFrom: number) => void = () => undefined,
  ) {}

  get size(): number {
    return this.count;
  }

  append(trade: TapeTrade): void {
    if (this.count === this.ids.length) this.makeRoom();
    const i = this.count++;
    this.ids[i] = trade.id;
    this.times[i] = trade.time;
    this.ticks[i] = trade.ticks;
    this.steps[i] = trade.steps;
    this.aggIds[i] = trade.aggId;
    this.makers[i] = trade.buyerMaker ? 1 : 0;
  }

  /** The trade at index `i` (0 = oldest kept). */
  at(i: number): TapeTrade {
    return {
      id: this.ids[i] as number, time: this.times[i] as number, ticks: this.ticks[i] as number,
      steps: this.steps[i] as number, buyerMaker: this.makers[i] === 1, aggId: this.aggIds[i] as number,
    };
  }

  timeAt(i: number): number {
    return this.times[i] as number;
  }

  ticksAt(i: number): number {
    return this.ticks[i] as number;
  }

  stepsAt(i: number): number {
    return this.steps[i] as number;
  }

  makerAt(i: number): boolean {
    return this.makers[i] === 1;
  }

  idAt(i: number): number {
    return this.ids[i] as number;
  }

  aggIdAt(i: number): number {
    return this.aggIds[i] as number;
  }

  /** Index of the first trade at or after `time` (size when none). */
  indexAtTime(time: number): number {
    return this.lowerBound(this.times, time);
  }

  /** Index of the first trade with id ≥ `id`. */
  indexAtId(id: number): number {
    return this.lowerBound(this.ids, id);
  }

  /** Index of the first trade with aggregate id ≥ `aggId`. */
  indexAtAggId(aggId: number): number {
    return this.lowerBound(this.aggIds, aggId);
  }

  private lowerBound(column: Float64Array, value: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((column[mid] as number) < value) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private makeRoom(): void {
    if (this.ids.length < this.capacity) {
      const grown = Math.min(this.capacity, this.ids.length * 2);
      const grow = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
        const next = make(grown);
        next.set(old);
        return next;
      };
      this.ids = grow(this.ids, (n) => new Float64Array(n));
      this.times = grow(this.times, (n) => new Float64Array(n));
      this.ticks = grow(this.ticks, (n) => new Float64Array(n));
      this.steps = grow(this.steps, (n) => new Float64Array(n));
      this.aggIds = grow(this.aggIds, (n) => new Float64Array(n));
      this.makers = grow(this.makers, (n) => new Uint8Array(n));
      return;
    }
    const drop = Math.ceil(this.count / 4);
    this.onForget(this.times[drop] as number);
    for (const column of [this.ids, this.times, this.ticks, this.steps, this.aggIds, this.makers]) column.copyWithin(0, drop, this.count);
    this.count -= drop;
  }
}
