/**
 * The fake exchange's own clock: the machine's clock plus an offset (to provoke -1021 in gateways
 * that do not measure the server time) plus whatever tests advanced it by. It can also be frozen so
 * that a test reads exactly the same forming bar twice.
 */

/** The exchange clock as tests see it (`FakeExchange.clock`). */
export interface ExchangeClockControls {
  /** The exchange's current time, epoch ms. */
  now(): number;
  /** Move the exchange clock forward (bars close accordingly on the next stream tick). */
  advance(ms: number): void;
  /** Replace the offset from the machine clock (the `clockOffsetMs` option). */
  setOffset(ms: number): void;
  /** Stop the clock at `at` (default: now); `advance()` still moves it. */
  freeze(at?: number): void;
  /** Let the clock run with the machine clock again, keeping offset and advances. */
  unfreeze(): void;
}

export class ExchangeClock implements ExchangeClockControls {
  private offsetMs: number;
  private advancedMs = 0;
  private frozenAt: number | null = null;

  constructor(offsetMs = 0) {
    this.offsetMs = offsetMs;
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs + this.advancedMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock.advance expects ms >= 0, received ${ms}`);
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.advancedMs += ms;
  }

  setOffset(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock.setOffset expects a finite number, received ${ms}`);
    if (this.frozenAt !== null) this.frozenAt += ms - this.offsetMs;
    this.offsetMs = ms;
  }

  freeze(at?: number): void {
    this.frozenAt = at ?? this.now();
  }

  unfreeze(): void {
    if (this.frozenAt === null) return;
    // Keep the time the clock showed, so unfreezing never jumps it backwards.
    this.advancedMs = this.frozenAt - Date.now() - this.offsetMs;
    this.frozenAt = null;
  }
}
