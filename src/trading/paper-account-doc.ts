/**
 * How a paper account lives in the store. Two kinds of keys, written together in one transaction:
 *
 * - `paper-account:{<keyId>}`: balances, the open orders (what is needed to trigger and fill them
 *   and release their locked funds) and the client order ids of the most recent orders, newest first.
 * - `paper-order:{<keyId>}:<clientOrderId>`: each order itself. Its existence is the idempotency
 *   record: a second trade with the same id finds it and returns it. Keeping orders out of the
 *   account document keeps that document small, which matters because every trade rewrites it.
 *
 * Both carry the key's id as their hash tag, so a transaction over an account and its orders stays in
 * one Redis Cluster slot (docs/architecture.md). Documents are parsed with zod when read: a document
 * of another shape fails loudly here; open orders stored before stop orders existed read as GTC LIMIT
 * orders placed at time 0.
 */
import { z } from 'zod';
import { Dec, formatDecimal } from './decimal.js';
import { orderSides, orderTypes, timeInForces } from './order.js';
import { storedDecimal as decimal } from './order-schema.js';
import type { StoredBalances } from './paper-balances.js';

/** Orders listed per account; older ones stay stored (idempotency) but are no longer listed. */
export const maxListedOrders = 500;
/** Open orders one account may have over all symbols (Binance's MAX_NUM_ORDERS is 200 per symbol). */
export const maxOpenOrders = 200;

const openOrderSchema = z.object({
  clientOrderId: z.string(),
  symbol: z.string(),
  side: z.enum(orderSides),
  type: z.enum(orderTypes).default('LIMIT'),
  timeInForce: z.enum(timeInForces).default('GTC'),
  /** The limit price. */
  price: decimal,
  stopPrice: decimal.optional(),
  quantity: decimal,
  baseAsset: z.string(),
  quoteAsset: z.string(),
  /** When it was placed, on the exchange's clock: only trades from then on may fill or trigger it. */
  placedAt: z.number().default(0),
  /** A stop order's trigger: the trade that triggered it; only later trades fill its limit. */
  triggerTradeId: z.string().optional(),
});
/** What an open order needs to be triggered and filled later. */
export type OpenOrder = z.infer<typeof openOrderSchema>;

const accountSchema = z.object({
  v: z.literal(1),
  balances: z.record(z.string(), z.object({ free: decimal, locked: decimal })),
  open: z.array(openOrderSchema),
  /** Client order ids, newest first, at most maxListedOrders (plus any older order still open). */
  recent: z.array(z.string()),
});
export type PaperAccountDoc = z.infer<typeof accountSchema>;

/**
 * An account and its orders change together in one transact, so their keys share the hash tag
 * `{keyId}` (one Redis Cluster slot; docs/architecture.md, "Redis keys").
 */
export const paperAccountKey = (keyId: string): string => `paper-account:{${keyId}}`;
export const paperOrderKey = (keyId: string, clientOrderId: string): string => `paper-order:{${keyId}}:${clientOrderId}`;

/** The stored account, or a new one holding the starting balances. */
export function readAccount(raw: string | null, startingBalances: Record<string, string>): PaperAccountDoc {
  if (raw !== null) return accountSchema.parse(JSON.parse(raw));
  const balances: StoredBalances = {};
  for (const [asset, amount] of Object.entries(startingBalances)) balances[asset] = { free: formatDecimal(new Dec(amount)), locked: '0' };
  return { v: 1, balances, open: [], recent: [] };
}
