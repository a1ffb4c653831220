/**
 * The user data stream's `executionReport` (binance-spot.md §12) as what it tells of one order: the
 * order as it is after the event, with the fill of a TRADE report. `C` is the order's client id
 * before a cancel replaced it; the gateway keeps the id the order was placed with.
 */
import { z } from 'zod';
import { decimalString } from '../exchange/binance-schemas.js';
import { toLiveOrder } from './live-order-params.js';
import type { TradeOrder } from './order.js';

const reportSchema = z.looseObject({
  e: z.literal('executionReport'),
  E: z.number(),
  s: z.string(),
  c: z.string(),
  C: z.string().nullish(),
  S: z.string(),
  o: z.string(),
  f: z.string(),
  q: decimalString,
  p: decimalString,
  P: decimalString,
  x: z.string(),
  X: z.string(),
  i: z.number(),
  l: decimalString,
  z: decimalString,
  L: decimalString,
  n: decimalString,
  N: z.string().nullish(),
  T: z.number(),
  t: z.number(),
  O: z.number(),
  Z: decimalString,
});

export interface ExecutionReport {
  /** The client order id the order was placed with. */
  clientOrderId: string;
  executionType: string;
  order: TradeOrder;
}

/** The report, or undefined for another event. */
export function parseExecutionReport(event: unknown): ExecutionReport | undefined {
  const parsed = reportSchema.safeParse(event);
  if (!parsed.success) return undefined;
  const r = parsed.data;
  const clientOrderId = r.C ? r.C : r.c;
  const order = toLiveOrder(
    {
      symbol: r.s, orderId: r.i, clientOrderId, side: r.S, type: r.o, timeInForce: r.f, origQty: r.q, price: r.p, stopPrice: r.P,
      status: r.X, executedQty: r.z, cummulativeQuoteQty: r.Z, time: r.O, updateTime: r.T,
    },
    {},
    r.E,
  );
  if (r.x === 'TRADE') {
    order.fills = [{ price: r.L, quantity: r.l, commission: r.n, commissionAsset: r.N ?? '', tradeId: String(r.t) }];
  }
  return { clientOrderId, executionType: r.x, order };
}
