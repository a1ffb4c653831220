/**
 * The exchange's order handling for every account: validation against the symbol's filters (at
 * the 5-minute average price) and the account's balances, locking what a resting order needs,
 * taking liquidity from the book, resting, stop triggers, cancels, and the executionReports and
 * outboundAccountPosition events all of that causes.
 *
 * Binance's rules kept on purpose: a clientOrderId is unique only among the account's OPEN orders
 * on the symbol (re-using the id of a FILLED order places a second order); a cancel's
 * newClientOrderId replaces the order's clientOrderId; a stop that would trigger at once is
 * rejected, not converted; LIMIT_MAKER that would take is rejected; MARKET orders that exhaust
 * the book end EXPIRED.
 */
import type { Account } from './accounts.js';
import { BinanceError, unknownOrder } from './binance-error.js';
import { bigUnitsOf, Dec, E8, fmt8 } from './decimals.js';
import { executionReport } from './execution-report.js';
import { checkFilters } from './filters.js';
import { averagePriceDec } from './market-stats.js';
import type { Market } from './market.js';
import type { MarketEntry, Markets } from './markets.js';
import { applyFill, endOrder, releaseLock, type OrderState } from './order-fills.js';
import { isStopType, type NewOrder } from './order-params.js';
import { mix32 } from './price-path.js';
import { isOpen, type SimOrder } from './sim-order.js';
import type { ListedSymbol } from './symbols.js';
import { planSteps, type Leg, type TakerRequest } from './taker-walk.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Above 2^32 like real BTCUSDT ids, so a gateway that squeezes ids into 32 bits fails in tests.
const FIRST_ORDER_ID = 40_000_000_001;
const MAX_OPEN_ORDERS = 200;
const MAX_OPEN_STOPS = 5;

/** What a plan's legs cost in quote asset (decimal, exact). */
function planCost(spec: ListedSymbol['spec'], legs: Leg[]): Dec {
  return legs.reduce((sum, leg) => sum.plus(new Dec(spec.tickSize).times(leg.ticks).times(spec.stepSize).times(leg.steps)), new Dec(0));
}

export class OrderDesk {
  /** Every order ever placed, oldest first (what `orders.all()` shows). */
  readonly orders: SimOrder[] = [];
  private readonly states = new Map<number, OrderState>();
  private nextOrderId = FIRST_ORDER_ID;
  private nextExecutionId = 1;

  constructor(private readonly markets: Markets, private readonly seed: number, private readonly now: () => number) {
    for (const entry of markets.entriesAsTheyStand()) {
      entry.market.sink = {
        makerFilled: (fill) => this.makerFilled(fill.orderId, fill),
        stopTriggered: (orderId) => this.triggered(orderId),
      };
    }
  }

  /** Checks what /api/v3/order/test checks: status and filters (not balances). */
  validate(order: NewOrder): MarketEntry {
    const entry = this.markets.synced(order.symbol.spec.symbol);
    // Status before filters: a test of "Market is closed." should not have to pass a closed symbol's filters.
    if (order.symbol.spec.status !== 'TRADING') throw new BinanceError(400, -2010, 'Market is closed.');
    const averagePrice = averagePriceDec(entry.market, entry.bars, this.now());
    const quantity = order.quantity ?? this.quoteQuantity(entry.market, order, averagePrice);
    const isMarket = order.type === 'MARKET' || order.type === 'STOP_LOSS' || order.type === 'TAKE_PROFIT';
    const input = { isMarket, side: order.side, quantity, averagePrice };
    checkFilters(order.symbol.spec, { ...input, ...(order.price ? { price: order.price } : {}), ...(order.stopPrice ? { stopPrice: order.stopPrice } : {}) });
    return entry;
  }

  private quoteQuantity(market: Market, order: NewOrder, price: Dec): Dec {
    const step = new Dec(market.symbol.spec.stepSize);
    return (order.quoteOrderQty ?? new Dec(0)).div(price).div(step).floor().times(step);
  }

  place(account: Account, order: NewOrder): SimOrder {
    const entry = this.validate(order);
    const { market } = entry;
    // One moment for the whole placement: the market is brought to it, the order and its fills carry it.
    const now = this.now();
    market.advance(now);
    const symbol = order.symbol.spec.symbol;
    const open = account.orders.filter((o) => o.symbol === symbol && isOpen(o));
    if (order.clientOrderId && open.some((o) => o.clientOrderId === order.clientOrderId)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    if (open.length >= MAX_OPEN_ORDERS) throw new BinanceError(400, -1013, 'Filter failure: MAX_NUM_ORDERS');
    if (isStopType(order.type) && open.filter((o) => isStopType(o.type)).length >= MAX_OPEN_STOPS) {
      throw new BinanceError(400, -1013, 'Filter failure: MAX_NUM_ALGO_ORDERS');
    }
    const ticks = (price: Dec | undefined): number | undefined => (price ? price.div(order.symbol.spec.tickSize).toNumber() : undefined);
    const limitTicks = ticks(order.price);
    const stopTicks = ticks(order.stopPrice);
    const request = this.takerRequest(order, limitTicks);
    let above = false;
    if (stopTicks !== undefined) {
      above = (order.type === 'STOP_LOSS' || order.type === 'STOP_LOSS_LIMIT') === (order.side === 'BUY');
      const last = market.pinned ?? market.lastTicks(now);
      if (above ? last >= stopTicks : last <= stopTicks) throw new BinanceError(400, -2010, 'Order would trigger immediately.');
    }
    if (order.type === 'LIMIT_MAKER' && market.plan(request).length > 0) throw new BinanceError(400, -2010, 'Order would immediately match and take.');
    // A MARKET order is planned once: the plan gives a quoteOrderQty order its quantity and open() its cost.
    const marketPlan = order.type === 'MARKET' ? market.plan(request) : undefined;
    const plannedSteps = request.steps ?? planSteps(marketPlan ?? market.plan(request));
    const state = this.open(account, entry, order, plannedSteps, limitTicks, now, marketPlan);
    account.emit(executionReport(state.order, { x: 'NEW', time: now, executionId: this.nextExecutionId++, onBook: limitTicks !== undefined && stopTicks === undefined }));
    if (stopTicks !== undefined) {
      state.order.workingTime = -1;
      state.stop = { orderId: state.order.orderId, stopTicks, above };
      market.addStop(state.stop);
    } else {
      this.work(state, order.timeInForce ?? 'GTC', order.type === 'MARKET' ? request : undefined);
    }
    market.settle();
    account.reportBalances(now);
    return state.order;
  }

  /** Reserves funds (throwing -2010 when short) and records the order as NEW. `marketPlan`: a MARKET order's plan. */
  private open(account: Account, entry: MarketEntry, order: NewOrder, steps: number, limitTicks: number | undefined, now: number, marketPlan: Leg[] | undefined): OrderState {
    const { spec } = order.symbol;
    const qty = new Dec(spec.stepSize).times(steps);
    const buy = order.side === 'BUY';
    let lock: OrderState['lock'];
    if (marketPlan) {
      if (buy) account.balances.require(spec.quoteAsset, planCost(spec, marketPlan));
      else account.balances.require(spec.baseAsset, qty);
    } else {
      const price = order.price ?? order.stopPrice ?? new Dec(0);
      lock = buy
        ? { asset: spec.quoteAsset, left: price.times(qty), perStep: price.times(spec.stepSize) }
        : { asset: spec.baseAsset, left: qty, perStep: new Dec(spec.stepSize) };
      account.balances.lock(lock.asset, lock.left);
    }
    const orderId = this.nextOrderId++;
    const sim: SimOrder = {
      symbol: spec.symbol, orderId, orderListId: -1, clientOrderId: order.clientOrderId ?? this.generatedId(orderId),
      side: order.side, type: order.type, timeInForce: order.timeInForce ?? 'GTC', price: fmt8(order.price ?? new Dec(0)),
      origQty: fmt8(qty), executedQty: fmt8(new Dec(0)), origQuoteOrderQty: fmt8(order.quoteOrderQty ?? new Dec(0)),
      cummulativeQuoteQty: fmt8(new Dec(0)), status: 'NEW', stopPrice: fmt8(order.stopPrice ?? new Dec(0)),
      time: now, updateTime: now, workingTime: now, fills: [], apiKey: account.apiKey,
    };
    const state: OrderState = { order: sim, account, entry, steps, filled: 0 };
    if (limitTicks !== undefined) state.limitTicks = limitTicks;
    if (lock) state.lock = lock;
    this.orders.push(sim);
    account.orders.push(sim);
    this.states.set(orderId, state);
    return state;
  }

  private takerRequest(order: NewOrder, limitTicks: number | undefined): TakerRequest {
    const { spec } = order.symbol;
    const request: TakerRequest = { side: order.side };
    if (limitTicks !== undefined) request.limitTicks = limitTicks;
    if (order.quantity) request.steps = order.quantity.div(spec.stepSize).toNumber();
    else if (order.quoteOrderQty) request.quoteBudget = bigUnitsOf(fmt8(order.quoteOrderQty)) * E8;
    return request;
  }

  /** Executes a working order: takes what it may, then rests, expires or is done. */
  private work(state: OrderState, tif: 'GTC' | 'IOC' | 'FOK', marketRequest?: TakerRequest): void {
    const { market } = state.entry;
    const { order } = state;
    const left = state.steps - state.filled;
    const request: TakerRequest = marketRequest ?? { side: order.side, steps: left };
    if (!marketRequest && state.limitTicks !== undefined) request.limitTicks = state.limitTicks;
    if (order.type === 'LIMIT_MAKER') return this.rest(state);
    if (tif === 'FOK' && planSteps(market.plan(request)) < left) {
      return endOrder(state, 'EXPIRED', this.now(), this.nextExecutionId++, { expiryReason: 'UNFILLED_FOK_ORDER_EXPIRED' });
    }
    for (const fill of market.execute(request)) applyFill(state, fill, false, this.nextExecutionId++);
    if (state.steps > 0 && state.filled >= state.steps) return;
    if (marketRequest) {
      return endOrder(state, 'EXPIRED', this.now(), this.nextExecutionId++, { expiryReason: 'INSUFFICIENT_LIQUIDITY' });
    }
    if (tif === 'GTC') return this.rest(state);
    endOrder(state, 'EXPIRED', this.now(), this.nextExecutionId++, { expiryReason: 'UNFILLED_IOC_QUANTITY_EXPIRED' });
  }

  private rest(state: OrderState): void {
    const side = state.order.side === 'BUY' ? 'bid' : 'ask';
    state.entry.market.rest({ orderId: state.order.orderId, side, ticks: state.limitTicks as number, remaining: state.steps - state.filled });
  }

  private makerFilled(orderId: number, fill: { ticks: number; steps: number; tradeId: number; time: number }): void {
    const state = this.states.get(orderId);
    if (!state) return;
    applyFill(state, fill, true, this.nextExecutionId++);
    state.account.reportBalances(fill.time);
  }

  /** A stop's trigger was hit: it starts working as a LIMIT (…_LIMIT) or MARKET order. */
  private triggered(orderId: number): void {
    const state = this.states.get(orderId);
    if (!state || !isOpen(state.order)) return;
    const { order, account } = state;
    const now = this.now();
    order.workingTime = now;
    state.stop = undefined;
    if (order.type === 'STOP_LOSS_LIMIT' || order.type === 'TAKE_PROFIT_LIMIT') {
      this.work(state, order.timeInForce);
    } else {
      releaseLock(state);
      const request: TakerRequest = { side: order.side, steps: state.steps };
      const { spec } = state.entry.market.symbol;
      const cost = planCost(spec, state.entry.market.plan(request));
      const short = order.side === 'BUY' ? account.balances.free(spec.quoteAsset).lt(cost) : account.balances.free(spec.baseAsset).lt(order.origQty);
      if (short) endOrder(state, 'EXPIRED', now, this.nextExecutionId++, { expiryReason: 'REJECTED' });
      else this.work(state, 'IOC', request);
    }
    account.reportBalances(now);
  }

  /** Cancels an open order of `account`; throws -2011 when it is not open. */
  cancel(order: SimOrder, cancelClientOrderId: string | undefined, restriction?: 'ONLY_NEW' | 'ONLY_PARTIALLY_FILLED'): { order: SimOrder; origClientOrderId: string } {
    const state = this.states.get(order.orderId);
    if (!state) throw unknownOrder();
    const { market } = this.markets.synced(order.symbol);
    if (!isOpen(order)) throw unknownOrder();
    if ((restriction === 'ONLY_NEW' && order.status !== 'NEW') || (restriction === 'ONLY_PARTIALLY_FILLED' && order.status !== 'PARTIALLY_FILLED')) {
      throw new BinanceError(400, -2011, 'Order was not canceled due to cancel restrictions.');
    }
    market.unrest(order.orderId);
    market.removeStop(order.orderId);
    const origClientOrderId = order.clientOrderId;
    state.originalClientOrderId ??= origClientOrderId;
    order.clientOrderId = cancelClientOrderId ?? this.generatedId(order.orderId ^ 0x5bd1e995);
    const now = this.now();
    endOrder(state, 'CANCELED', now, this.nextExecutionId++, { originalClientOrderId: origClientOrderId });
    market.settle();
    state.account.reportBalances(now);
    return { order, origClientOrderId };
  }

  /** Cancels every open order of `account` on `symbol` (one generated client id for the whole request, as Binance does). */
  cancelAll(account: Account, symbol: string): Array<{ order: SimOrder; origClientOrderId: string }> {
    this.markets.synced(symbol);
    const open = account.orders.filter((o) => o.symbol === symbol && isOpen(o));
    if (open.length === 0) throw unknownOrder();
    const cancelId = this.generatedId(this.nextExecutionId ^ 0x27d4eb2f);
    return open.map((order) => this.cancel(order, cancelId));
  }

  /** How many orders (any account) were placed with this client id (a cancel's new id does not count). */
  countPlacedWith(clientOrderId: string): number {
    let n = 0;
    for (const state of this.states.values()) if ((state.originalClientOrderId ?? state.order.clientOrderId) === clientOrderId) n += 1;
    return n;
  }

  /** The account's order on `symbol` by orderId, or by client id (current or the one it was placed with). */
  find(account: Account, symbol: string, ids: { orderId?: number; clientOrderId?: string }): SimOrder | undefined {
    this.markets.synced(symbol);
    for (let i = account.orders.length - 1; i >= 0; i--) {
      const order = account.orders[i] as SimOrder;
      if (order.symbol !== symbol) continue;
      if (ids.orderId !== undefined ? order.orderId === ids.orderId : order.clientOrderId === ids.clientOrderId) return order;
    }
    if (ids.orderId !== undefined) return undefined;
    return account.orders.findLast((o) => o.symbol === symbol && this.states.get(o.orderId)?.originalClientOrderId === ids.clientOrderId);
  }

  /** 22 base62 characters like Binance's generated ids, derived from the seed and the order id. */
  private generatedId(n: number): string {
    let id = '';
    let h = mix32(this.seed ^ n);
    for (let i = 0; i < 22; i++) {
      h = mix32(h + i);
      id += BASE62[h % 62];
    }
    return id;
  }
}
