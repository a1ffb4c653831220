/**
 * zod models of the Binance responses the gateway reads, so that a surprise in the exchange's
 * answer fails loudly at the boundary instead of deep in a resolver.
 */
import { z } from 'zod';

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

/** One kline row: the exchange's exact 12-element array layout. */
export const klineRowSchema = z.tuple([
  z.number(), // open time
  decimalString, // open
  decimalString, // high
  decimalString, // low
  decimalString, // close
  decimalString, // base volume
  z.number(), // close time
  decimalString, // quote volume
  z.number(), // trades
  decimalString, // taker buy base
  decimalString, // taker buy quote
  z.string(), // unused
]);
export type KlineRow = z.infer<typeof klineRowSchema>;
export const klinesSchema = z.array(klineRowSchema);

const filterSchema = z.looseObject({ filterType: z.string() });
export type SymbolFilter = z.infer<typeof filterSchema> & Record<string, unknown>;

export const symbolInfoSchema = z.looseObject({
  symbol: z.string(),
  status: z.string(),
  baseAsset: z.string(),
  quoteAsset: z.string(),
  baseAssetPrecision: z.number().optional(),
  quoteAssetPrecision: z.number().optional(),
  orderTypes: z.array(z.string()).default([]),
  quoteOrderQtyMarketAllowed: z.boolean().optional(),
  filters: z.array(filterSchema).default([]),
});
export type SymbolInfo = z.infer<typeof symbolInfoSchema>;

export const rateLimitSchema = z.object({
  rateLimitType: z.string(),
  interval: z.string(),
  intervalNum: z.number(),
  limit: z.number(),
});

export const exchangeInfoSchema = z.looseObject({
  serverTime: z.number(),
  rateLimits: z.array(rateLimitSchema).default([]),
  symbols: z.array(symbolInfoSchema),
});
export type ExchangeInfo = z.infer<typeof exchangeInfoSchema>;

export const serverTimeSchema = z.object({ serverTime: z.number() });

export const tickerPriceSchema = z.object({ symbol: z.string(), price: decimalString });

export const errorBodySchema = z.object({ code: z.number(), msg: z.string() });

const fillSchema = z.looseObject({
  price: decimalString,
  qty: decimalString,
  commission: decimalString,
  commissionAsset: z.string(),
});

/** POST /api/v3/order (RESULT/FULL) and GET /api/v3/order. */
export const orderResponseSchema = z.looseObject({
  symbol: z.string(),
  orderId: z.number(),
  clientOrderId: z.string(),
  transactTime: z.number().optional(),
  time: z.number().optional(),
  price: decimalString.optional(),
  origQty: decimalString.optional(),
  executedQty: decimalString.optional(),
  cummulativeQuoteQty: decimalString.optional(),
  status: z.string().optional(),
  timeInForce: z.string().optional(),
  type: z.string().optional(),
  side: z.string().optional(),
  fills: z.array(fillSchema).optional(),
});
export type OrderResponse = z.infer<typeof orderResponseSchema>;

/** GET /api/v3/account: the fields the gateway reads (the account's trading permission and balances). */
export const accountSchema = z.looseObject({
  canTrade: z.boolean(),
  accountType: z.string().optional(),
  balances: z.array(z.looseObject({ asset: z.string(), free: decimalString, locked: decimalString })),
});
export type AccountInfo = z.infer<typeof accountSchema>;
