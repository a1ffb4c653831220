/**
 * zod models of the Binance responses the gateway reads, so that a surprise in the exchange's
 * answer fails loudly at the boundary instead of deep in a resolver.
 */
import { z } from 'zod';

/** A decimal string as the exchange writes it (a sign only on changes). */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

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

/**
 * An exchange id (trade id, book update id): a 64-bit integer on the exchange, held as a JS number,
 * so one past 2^53 would lose digits in JSON.parse; refused here rather than compared wrongly later.
 */
export const exchangeIdSchema = z.number().int().nonnegative().refine(Number.isSafeInteger, 'id beyond 2^53');

/** `[price, quantity]`, as depth snapshots and diff events carry book levels. */
export const priceLevelSchema = z.tuple([decimalString, decimalString]);
export type PriceLevelRow = z.infer<typeof priceLevelSchema>;

/** GET /api/v3/depth. */
export const depthSnapshotSchema = z.looseObject({
  lastUpdateId: exchangeIdSchema,
  bids: z.array(priceLevelSchema),
  asks: z.array(priceLevelSchema),
});
export type DepthSnapshotResponse = z.infer<typeof depthSnapshotSchema>;

/** GET /api/v3/ticker/bookTicker for one symbol. */
export const bookTickerSchema = z.looseObject({
  symbol: z.string(),
  bidPrice: decimalString,
  bidQty: decimalString,
  askPrice: decimalString,
  askQty: decimalString,
});
export type BookTickerResponse = z.infer<typeof bookTickerSchema>;

/** One row of GET /api/v3/ticker/24hr (FULL): the book ticker's fields and the day's statistics. */
export const ticker24hrSchema = bookTickerSchema.extend({
  priceChange: decimalString,
  priceChangePercent: decimalString,
  lastPrice: decimalString,
  openPrice: decimalString,
  highPrice: decimalString,
  lowPrice: decimalString,
  volume: decimalString,
  quoteVolume: decimalString,
  openTime: z.number(),
  closeTime: z.number(),
  count: z.number().int(),
});
export type Ticker24hrResponse = z.infer<typeof ticker24hrSchema>;
export const ticker24hrListSchema = z.array(ticker24hrSchema);

/** One row of GET /api/v3/trades and /api/v3/historicalTrades. */
export const tradeRowSchema = z.looseObject({
  id: exchangeIdSchema,
  price: decimalString,
  qty: decimalString,
  quoteQty: decimalString,
  time: z.number(),
  isBuyerMaker: z.boolean(),
});
export type TradeRow = z.infer<typeof tradeRowSchema>;
export const tradeRowsSchema = z.array(tradeRowSchema);

export const errorBodySchema = z.object({ code: z.number(), msg: z.string() });

const fillSchema = z.looseObject({
  price: decimalString,
  qty: decimalString,
  commission: decimalString,
  commissionAsset: z.string(),
  tradeId: z.number().optional(),
});

/** POST /api/v3/order (RESULT/FULL), GET /api/v3/order (and the rows of openOrders), DELETE /api/v3/order. */
export const orderResponseSchema = z.looseObject({
  symbol: z.string(),
  orderId: z.number(),
  clientOrderId: z.string(),
  /** A cancel's answer: the order's client id before the cancel replaced it. */
  origClientOrderId: z.string().optional(),
  updateTime: z.number().optional(),
  stopPrice: decimalString.optional(),
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
export const orderListSchema = z.array(orderResponseSchema);

/** One row of GET /api/v3/myTrades. */
export const myTradeSchema = z.looseObject({
  symbol: z.string(),
  id: exchangeIdSchema,
  orderId: z.number(),
  price: decimalString,
  qty: decimalString,
  quoteQty: decimalString,
  commission: decimalString,
  commissionAsset: z.string(),
  time: z.number(),
});
export type MyTrade = z.infer<typeof myTradeSchema>;
export const myTradesSchema = z.array(myTradeSchema);

/** GET /api/v3/avgPrice. */
export const avgPriceSchema = z.looseObject({ mins: z.number(), price: decimalString });

/** GET /api/v3/account: the fields the gateway reads (the account's trading permission and balances). */
export const accountSchema = z.looseObject({
  canTrade: z.boolean(),
  accountType: z.string().optional(),
  balances: z.array(z.looseObject({ asset: z.string(), free: decimalString, locked: decimalString })),
});
export type AccountInfo = z.infer<typeof accountSchema>;
