/**
 * The `executionReport` user data event of an order, with every key Binance documents (ids and
 * times as numbers, amounts as strings): c is the current client id, C the original one on a
 * cancel, l/L/Y/n/N/t describe the fill of a TRADE report and are zero (N null, t -1) otherwise.
 */
import type { UserEvent } from './accounts.js';
import type { SimOrder } from './sim-order.js';

export type ExecutionType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED';

/** The fill a TRADE report describes. */
export interface ReportedFill {
  price: string;
  qty: string;
  quote: string;
  commission: string;
  commissionAsset: string;
  tradeId: number;
  maker: boolean;
}

export interface ReportContext {
  x: ExecutionType;
  /** Event and transaction time. */
  time: number;
  executionId: number;
  /** Is the order resting on the book after this event? */
  onBook: boolean;
  fill?: ReportedFill;
  /** The client id before a cancel replaced it. */
  originalClientOrderId?: string;
  expiryReason?: string;
}

const ZERO = '0.00000000';

export function executionReport(order: SimOrder, ctx: ReportContext): UserEvent {
  const { fill } = ctx;
  const event: UserEvent = {
    e: 'executionReport', E: ctx.time, s: order.symbol, c: order.clientOrderId, S: order.side, o: order.type,
    f: order.timeInForce, q: order.origQty, p: order.price, P: order.stopPrice, F: ZERO, g: order.orderListId,
    C: ctx.originalClientOrderId ?? '', x: ctx.x, X: order.status, r: 'NONE', i: order.orderId,
    l: fill?.qty ?? ZERO, z: order.executedQty, L: fill?.price ?? ZERO, n: fill?.commission ?? '0',
    N: fill?.commissionAsset ?? null, T: ctx.time, t: fill?.tradeId ?? -1, I: ctx.executionId, w: ctx.onBook,
    m: fill?.maker ?? false, M: false, O: order.time, Z: order.cummulativeQuoteQty, Y: fill?.quote ?? ZERO,
    Q: order.origQuoteOrderQty,
  };
  if (order.workingTime >= 0) event.W = order.workingTime;
  event.V = 'NONE';
  if (ctx.expiryReason) event.eR = ctx.expiryReason;
  return event;
}
