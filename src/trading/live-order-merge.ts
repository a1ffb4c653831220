/**
 * What the gateway knows of a live order, merged from everything that tells of it (the placement's
 * answer, a cancel's, a lookup, myTrades, an executionReport): sources arrive in any order and some
 * twice, so the merge never goes back. An ended order stays ended, an open one only moves forward
 * (NEW, then PARTIALLY_FILLED), executed amounts only grow, and fills are one list by trade id.
 */
import { Dec } from './decimal.js';
import { isOpenStatus, type Fill, type OrderStatus, type TradeOrder } from './order.js';

const rank: Record<OrderStatus, number> = { NEW: 0, PARTIALLY_FILLED: 1, FILLED: 2, CANCELED: 2, EXPIRED: 2, REJECTED: 2 };

export function mergeOrder(known: TradeOrder, seen: TradeOrder): TradeOrder {
  const status = rank[seen.status] >= rank[known.status] ? seen.status : known.status;
  const further = new Dec(seen.executedQuantity).gt(known.executedQuantity) ? seen : known;
  return {
    ...known,
    status,
    executedQuantity: further.executedQuantity,
    quoteQuantity: further.quoteQuantity,
    fills: mergeFills(known.fills, seen.fills),
    updatedAt: Math.max(known.updatedAt, seen.updatedAt),
    stopPrice: known.stopPrice ?? seen.stopPrice,
  };
}

/** Both lists' fills, each trade once, in trade-id order (fills without an id kept as they are, first). */
export function mergeFills(known: readonly Fill[], seen: readonly Fill[]): Fill[] {
  const byTrade = new Map<string, Fill>();
  const anonymous: Fill[] = [];
  for (const fill of [...known, ...seen]) {
    if (fill.tradeId === undefined) {
      if (!anonymous.some((f) => sameFill(f, fill))) anonymous.push(fill);
    } else if (!byTrade.has(fill.tradeId)) {
      byTrade.set(fill.tradeId, fill);
    }
  }
  const identified = [...byTrade.values()].sort((a, b) => Number(a.tradeId) - Number(b.tradeId));
  return [...anonymous, ...identified];
}

/** The base quantity the fills add up to. */
export function filledQuantity(fills: readonly Fill[]): Dec {
  return fills.reduce((sum, fill) => sum.plus(fill.quantity), new Dec(0));
}

/** Whether the fills listed are all the order executed (else myTrades has more). */
export function fillsComplete(order: TradeOrder): boolean {
  return filledQuantity(order.fills).gte(order.executedQuantity);
}

export function isFinal(order: TradeOrder): boolean {
  return !isOpenStatus(order.status);
}

function sameFill(a: Fill, b: Fill): boolean {
  return a.price === b.price && a.quantity === b.quantity && a.commission === b.commission && a.commissionAsset === b.commissionAsset;
}
