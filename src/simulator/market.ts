/**
 * One symbol's live market: the market makers' book moving with the price path every 100 ms step,
 * the automatic takers of each step printing trades against the best bid or ask, and the
 * accounts' orders taking part: resting orders fill when the tape trades at (or the book moves
 * through) their price, takers walk the book, stops trigger on the last trade.
 *
 * It advances lazily: whoever reads the market first brings it up to the exchange clock, step by
 * step, so the result never depends on when (or whether) anyone looked. A jump of the clock longer
 * than MAX_CATCH_UP_MS is not replayed step by step; its whole minutes become a generated stretch
 * (see market-segments). While pinned (`orders.setPrice`) the market trades at one price and fills
 * takers the legacy way (see pinned-legs); while paused nothing automatic happens at all.
 */
import { BookUpdates } from './book-updates.js';
import { BookView } from './book-view.js';
import { Segments } from './market-segments.js';
import { SlotSource, STEP_MS, type Slot } from './market-slots.js';
import { pinnedLegs } from './pinned-legs.js';
import type { PricePath } from './price-path.js';
import { RestingOrders, type RestingOrder } from './resting-orders.js';
import type { ListedSymbol } from './symbols.js';
import { SyntheticBook, type BookSide } from './synthetic-book.js';
import { planTaker, type Leg, type TakerRequest } from './taker-walk.js';
import { Tape, type TapeTrade } from './tape.js';
import { TapePrinter, type PendingStop } from './tape-printer.js';

import type { MarketOptions, MarketSink, TakerFill } from './market-types.js';

export type { PendingStop } from './tape-printer.js';
export type { MarketOptions, MarketSink, TakerFill } from './market-types.js';

const MINUTE = 60_000;
/** Longest clock jump replayed step by step (longer ones are generated, see market-segments). */
export const MAX_CATCH_UP_MS = 5 * MINUTE;

export class Market {
  readonly symbol: ListedSymbol;
  readonly path: PricePath;
  readonly tape: Tape;
  readonly segments: Segments;
  readonly resting = new RestingOrders();
  readonly view: BookView;
  readonly updates: BookUpdates;
  readonly tickStep: bigint;
  /** Only TRADING symbols have a live market; the others keep their generated history. */
  readonly live: boolean;
  sink: MarketSink = { makerFilled: () => undefined, stopTriggered: () => undefined };
  /** Told after every commit that changed the book. */
  readonly bookListeners = new Set<() => void>();
  /** Told at the end of every market operation (a step, a taker, an order's execution). */
  readonly settleListeners = new Set<() => void>();
  private readonly book: SyntheticBook;
  private readonly slots: SlotSource;
  private stepIndex = -1;
  private pending: Slot[] = [];
  private cursor = 0;
  /** Everything up to this exchange time has happened. */
  private time = -Infinity;
  private readonly printer: TapePrinter;
  private pinnedTicks: number | undefined;
  private paused = false;
  private draining = false;

  constructor(options: MarketOptions) {
    this.symbol = options.symbol;
    this.path = options.generator.path(options.symbol);
    this.live = options.symbol.spec.status === 'TRADING';
    this.segments = new Segments(options.tapeStart);
    this.tape = new Tape(options.tapeCapacity, options.onForget);
    this.slots = new SlotSource(this.path, options.symbol);
    const meanLevel = Math.max(1, Math.round((options.symbol.spec.baseVolumePerSecond * 2e8) / options.symbol.stepUnits));
    this.book = new SyntheticBook(this.path.salt ^ 0x3c6ef372, meanLevel);
    this.view = new BookView(this.book, this.resting);
    this.updates = new BookUpdates(Math.floor(options.tapeStart / 10), this.view);
    this.tickStep = BigInt(options.symbol.tickUnits) * BigInt(options.symbol.stepUnits);
    this.printer = new TapePrinter(this.tape, this.path.tradeIdAt(options.tapeStart), this.slots.slotIdAt(options.tapeStart));
  }

  /** Told of every trade printed. */
  get tradeListeners(): Set<(trade: TapeTrade) => void> {
    return this.printer.listeners;
  }

  /** The exchange time the market has reached. */
  get now(): number {
    return this.time;
  }

  get pinned(): number | undefined {
    return this.pinnedTicks;
  }

  /** Brings the market up to exchange time `now` (never backwards). */
  advance(now: number): void {
    if (!this.live || now < this.segments.tapeStart || now <= this.time) return;
    if (this.stepIndex < 0) {
      this.stepIndex = Math.floor(this.segments.tapeStart / STEP_MS) - 1;
      this.time = this.segments.tapeStart - 1;
    }
    // A long jump is generated, not replayed, unless paused: a paused market stays silent however far the clock moves.
    if (!this.paused && now - this.time > MAX_CATCH_UP_MS) this.skipTo(now);
    this.runUntil(now);
    this.time = now;
  }

  private runUntil(target: number): void {
    if (this.paused) {
      // Nothing automatic happens while paused: not even the rest of the current step's takers.
      this.pending = [];
      this.stepIndex = Math.max(this.stepIndex, Math.floor(target / STEP_MS));
      return;
    }
    for (;;) {
      while (this.cursor < this.pending.length && (this.pending[this.cursor] as Slot).time <= target) {
        this.takeSlot(this.pending[this.cursor++] as Slot);
        this.settle();
      }
      if (this.cursor < this.pending.length) return;
      const next = (this.stepIndex + 1) * STEP_MS;
      if (next > target) return;
      this.stepIndex += 1;
      this.placeStep(next);
      this.pending = this.slots.slotsOf(next);
      this.cursor = 0;
    }
  }

  private skipTo(now: number): void {
    const from = Math.ceil((this.time + 1) / MINUTE) * MINUTE;
    this.runUntil(from - 1);
    const to = Math.floor(now / MINUTE) * MINUTE;
    if (to <= from) return;
    const { printer } = this;
    const tradeIdOffset = printer.nextTradeId - this.path.tradeIdAt(from);
    const aggIdOffset = printer.nextAggId - this.slots.slotIdAt(from);
    this.segments.skip(from, to, tradeIdOffset, aggIdOffset);
    printer.nextTradeId = this.path.tradeIdAt(to) + tradeIdOffset;
    printer.nextAggId = this.slots.slotIdAt(to) + aggIdOffset;
    this.stepIndex = to / STEP_MS - 1;
    this.pending = [];
    this.time = to - 1;
  }

  private placeStep(t: number): void {
    const [bid, ask] = this.quoteAt(t);
    this.book.moveTo(bid, ask, this.stepIndex, this.updates.touch);
    this.book.refresh(this.stepIndex, this.updates.touch);
    this.resolveCrossings(t);
    this.settle();
  }

  private quoteAt(t: number): [number, number] {
    if (this.pinnedTicks !== undefined) return [Math.max(1, this.pinnedTicks - 1), this.pinnedTicks + 1];
    const bid = Math.max(1, Math.floor((this.path.price(t) * 1e8) / this.symbol.tickUnits));
    return [bid, bid + 1];
  }

  /** Resting orders the book moved through fill in full at their own price, as makers. */
  private resolveCrossings(time: number): void {
    const token = this.printer.token();
    for (const order of this.resting.atOrBetter('bid', this.pinnedTicks ?? this.book.askTop)) {
      this.fillResting(order, order.remaining, true, token, time);
    }
    for (const order of this.resting.atOrBetter('ask', this.pinnedTicks ?? this.book.bidTop)) {
      this.fillResting(order, order.remaining, false, token, time);
    }
  }

  private takeSlot(slot: Slot): void {
    const ticks = this.pinnedTicks ?? (slot.buy ? this.book.askTop : this.book.bidTop);
    const token = this.printer.token();
    let left = slot.steps;
    for (const order of this.resting.atOrBetter(slot.buy ? 'ask' : 'bid', ticks)) {
      if (left === 0) break;
      const steps = Math.min(left, order.remaining);
      this.fillResting(order, steps, !slot.buy, token, slot.time);
      left -= steps;
    }
    const parts = Math.min(slot.parts, left);
    for (let p = 0; p < parts; p++) {
      const steps = Math.floor(left / parts) + (p === 0 ? left % parts : 0);
      this.print(ticks, steps, !slot.buy, token, slot.time);
    }
  }

  private fillResting(order: RestingOrder, steps: number, buyerMaker: boolean, token: number, time: number): void {
    order.remaining -= steps;
    if (order.remaining <= 0) this.resting.remove(order.orderId);
    this.updates.touch(order.side, order.ticks);
    const trade = this.print(order.ticks, steps, buyerMaker, token, time);
    this.sink.makerFilled({ orderId: order.orderId, ticks: order.ticks, steps, tradeId: trade.id, time });
  }

  private print(ticks: number, steps: number, buyerMaker: boolean, token: number, time: number): TapeTrade {
    return this.printer.print(ticks, steps, buyerMaker, token, time);
  }

  /** Commits book changes (new update ids, diff events, history) and runs triggered stops. */
  settle(): void {
    if (this.updates.commit()) for (const listener of this.bookListeners) listener();
    for (const listener of this.settleListeners) listener();
    if (this.draining) return;
    this.draining = true;
    try {
      const { triggered } = this.printer;
      for (let id = triggered.shift(); id !== undefined; id = triggered.shift()) {
        this.sink.stopTriggered(id);
        if (this.updates.commit()) for (const listener of this.bookListeners) listener();
      }
    } finally {
      this.draining = false;
    }
  }

  /** What a taker order would get now, without executing it. */
  plan(request: TakerRequest): Leg[] {
    if (this.pinnedTicks !== undefined) return pinnedLegs(request, this.pinnedTicks, this.tickStep);
    return planTaker(this.view, request, this.tickStep);
  }

  /** Executes a taker order at the market's current time; call settle() once its reports are out. */
  execute(request: TakerRequest): TakerFill[] {
    const token = this.printer.token();
    const buyerMaker = request.side === 'SELL';
    const makers: BookSide = request.side === 'BUY' ? 'ask' : 'bid';
    const time = this.time;
    return this.plan(request).map((leg) => {
      const resting = leg.restingOrderId === undefined ? undefined : this.resting.list(makers).find((o) => o.orderId === leg.restingOrderId);
      if (resting) {
        this.fillResting(resting, leg.steps, buyerMaker, token, time);
        return { ...leg, tradeId: this.printer.nextTradeId - 1, time };
      }
      if (this.pinnedTicks === undefined) this.book.consume(makers, leg.ticks, leg.steps, this.updates.touch);
      return { ...leg, tradeId: this.print(leg.ticks, leg.steps, buyerMaker, token, time).id, time };
    });
  }

  /** Puts an account's order on the book (call settle() after). */
  rest(order: Omit<RestingOrder, 'seq'>): void {
    this.resting.add(order);
    this.updates.touch(order.side, order.ticks);
  }

  /** Takes an account's order off the book (call settle() after). */
  unrest(orderId: number): RestingOrder | undefined {
    const removed = this.resting.remove(orderId);
    if (removed) this.updates.touch(removed.side, removed.ticks);
    return removed;
  }

  addStop(stop: PendingStop): void {
    this.printer.addStop(stop);
  }

  removeStop(orderId: number): void {
    this.printer.removeStop(orderId);
  }

  /** A trade printed by a test: resting orders at or through the price fill first, at their price. */
  printTrade(ticks: number, steps: number, takerSide?: 'BUY' | 'SELL'): void {
    const token = this.printer.token();
    const bids = this.resting.atOrBetter('bid', ticks);
    const asks = this.resting.atOrBetter('ask', ticks);
    const sellerTakes = bids.length > 0 || (asks.length === 0 && (takerSide ?? (ticks <= this.book.bidTop ? 'SELL' : 'BUY')) === 'SELL');
    let left = steps;
    for (const order of sellerTakes ? bids : asks) {
      if (left === 0) break;
      const n = Math.min(left, order.remaining);
      this.fillResting(order, n, sellerTakes, token, this.time);
      left -= n;
    }
    if (left > 0) this.print(ticks, left, sellerTakes, token, this.time);
    this.settle();
  }

  /** Pins the market at `ticks` (resting orders it crosses fill at once), or lets it follow the path again. */
  pin(ticks: number | undefined): void {
    this.pinnedTicks = ticks;
    if (ticks === undefined || this.stepIndex < 0) return;
    this.book.moveTo(Math.max(1, ticks - 1), ticks + 1, this.stepIndex, this.updates.touch);
    this.resolveCrossings(this.time);
    this.settle();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** The newest trade at or before `asOf`. */
  lastTrade(asOf: number): TapeTrade | undefined {
    const i = this.tape.indexAtTime(asOf + 1) - 1;
    return i >= 0 ? this.tape.at(i) : undefined;
  }

  /** The last traded price at `asOf` in ticks (the path's price where the tape has none). */
  lastTicks(asOf: number): number {
    return this.lastTrade(asOf)?.ticks ?? this.path.priceTicks(asOf);
  }
}
