/**
 * A live order as the exchange shows it now, over REST: GET /api/v3/order by the exchange's order id
 * (a cancel replaces the client id, never the order id) and, when the order executed more than the
 * fills already known, its fills from GET /api/v3/myTrades (a lookup carries none).
 */
import type { MyTrade } from '../exchange/binance-schemas.js';
import type { ExchangeAccountClient } from '../exchange/exchange-account-client.js';
import { fillsComplete, mergeFills } from './live-order-merge.js';
import { toLiveOrder } from './live-order-params.js';
import type { Fill, TradeOrder } from './order.js';

/** The order `known` as the exchange has it now; null when the exchange says it does not exist. */
export async function lookUpLiveOrder(
  client: Pick<ExchangeAccountClient, 'queryOrderById' | 'orderTrades'>,
  known: TradeOrder,
  now: number,
): Promise<TradeOrder | null> {
  const response = await client.queryOrderById(known.symbol, known.exchangeOrderId ?? '');
  if (response === null) return null;
  const seen = { ...toLiveOrder(response, {}, now), clientOrderId: known.clientOrderId };
  return withTrades(client, seen, known.fills);
}

/** `seen` with every fill: those known, and myTrades' when they do not add up to what it executed. */
export async function withTrades(client: Pick<ExchangeAccountClient, 'orderTrades'>, seen: TradeOrder, knownFills: readonly Fill[]): Promise<TradeOrder> {
  const merged = { ...seen, fills: mergeFills(knownFills, seen.fills) };
  if (fillsComplete(merged)) return merged;
  const trades = await client.orderTrades(seen.symbol, seen.exchangeOrderId ?? '');
  return { ...seen, fills: mergeFills(merged.fills, trades.map(fillOf)) };
}

function fillOf(trade: MyTrade): Fill {
  return { price: trade.price, quantity: trade.qty, commission: trade.commission, commissionAsset: trade.commissionAsset, tradeId: String(trade.id) };
}
