/**
 * What a fill does to an order and its account, in decimal arithmetic: the order's executed and
 * quote amounts, its fills and status; the account's balances (a resting order pays from what it
 * locked and gets back the part it locked but did not need; a taker pays from free funds); the
 * commission, 0.1% of what is received (as Binance's default rate); the account's trade list; and
 * the executionReport. Also the end of an order's life: releasing what it still holds locked.
 */
import type { Account } from './accounts.js';
import { Dec, fmt8 } from './decimals.js';
import { executionReport, type ExecutionType } from './execution-report.js';
import { priceText, qtyText } from './market-format.js';
import type { PendingStop } from './market.js';
import type { MarketEntry } from './markets.js';
import type { SimOrder } from './sim-order.js';

export const COMMISSION_RATE = new Dec('0.001');

/** The exchange's bookkeeping of one order beyond what it shows. */
export interface OrderState {
  order: SimOrder;
  account: Account;
  entry: MarketEntry;
  /** Quantity asked for, in steps (for a quoteOrderQty order: what the book offered). */
  steps: number;
  filled: number;
  limitTicks?: number;
  /** What the order holds locked: the asset, how much is left, and how much one filled step releases. */
  lock?: { asset: string; left: Dec; perStep: Dec };
  stop?: PendingStop;
  /** The client id the order was placed with, once a cancel replaced it. */
  originalClientOrderId?: string;
}

export interface Fill {
  ticks: number;
  steps: number;
  tradeId: number;
  time: number;
}

/** Applies one fill and sends its TRADE report. */
export function applyFill(state: OrderState, fill: Fill, maker: boolean, executionId: number): void {
  const { order, account, entry } = state;
  const { spec } = entry.market.symbol;
  const qty = new Dec(qtyText(entry.market.symbol, fill.steps));
  const price = new Dec(priceText(entry.market.symbol, fill.ticks));
  const quote = price.times(qty);
  const buy = order.side === 'BUY';
  const received = buy ? qty : quote;
  const commission = new Dec(fmt8(received.times(COMMISSION_RATE)));
  const paidAsset = buy ? spec.quoteAsset : spec.baseAsset;
  const paid = buy ? quote : qty;
  if (state.lock) {
    const reserved = state.lock.perStep.times(fill.steps);
    account.balances.spendLocked(paidAsset, paid);
    account.balances.unlock(paidAsset, reserved.minus(paid));
    state.lock.left = state.lock.left.minus(reserved);
  } else {
    account.balances.spendFree(paidAsset, paid);
  }
  const commissionAsset = buy ? spec.baseAsset : spec.quoteAsset;
  account.balances.credit(commissionAsset, received.minus(commission));
  state.filled += fill.steps;
  order.executedQty = fmt8(new Dec(order.executedQty).plus(qty));
  order.cummulativeQuoteQty = fmt8(new Dec(order.cummulativeQuoteQty).plus(quote));
  order.status = state.filled >= state.steps ? 'FILLED' : 'PARTIALLY_FILLED';
  order.updateTime = fill.time;
  const reported = {
    price: fmt8(price), qty: fmt8(qty), commission: fmt8(commission), commissionAsset, tradeId: fill.tradeId,
  };
  order.fills.push(reported);
  account.trades.push({
    symbol: order.symbol, id: fill.tradeId, orderId: order.orderId, orderListId: -1, price: reported.price, qty: reported.qty,
    quoteQty: fmt8(quote), commission: reported.commission, commissionAsset, time: fill.time, isBuyer: buy, isMaker: maker, isBestMatch: true,
  });
  if (order.status === 'FILLED') releaseLock(state);
  const onBook = order.status !== 'FILLED' && entry.market.resting.list(buy ? 'bid' : 'ask').some((o) => o.orderId === order.orderId);
  account.emit(executionReport(order, { x: 'TRADE', time: fill.time, executionId, onBook, fill: { ...reported, quote: fmt8(quote), maker } }));
}

/** Gives back whatever the order still holds locked. */
export function releaseLock(state: OrderState): void {
  if (!state.lock) return;
  if (state.lock.left.gt(0)) state.account.balances.unlock(state.lock.asset, state.lock.left);
  state.lock = undefined;
}

/** Ends an order that did not fill completely (CANCELED or EXPIRED) and reports it. */
export function endOrder(state: OrderState, x: Extract<ExecutionType, 'CANCELED' | 'EXPIRED'>, time: number, executionId: number, extra: { originalClientOrderId?: string; expiryReason?: string } = {}): void {
  releaseLock(state);
  state.order.status = x;
  state.order.updateTime = time;
  state.account.emit(executionReport(state.order, { x, time, executionId, onBook: false, ...extra }));
}
