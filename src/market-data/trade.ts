/**
 * One trade on the exchange as the gateway carries it (Market.trades, Subscription.trades and the
 * paper matching engine's tape): the exchange's decimal strings and its trade id as a decimal string.
 * The trade stream does not carry the quote quantity; it is price × quantity, cut to the decimals the
 * exchange writes, as REST shows it.
 */
import { Decimal } from 'decimal.js';
import type { TradeRow } from '../exchange/binance-schemas.js';

/** The most trades GET /api/v3/trades and historicalTrades give at once: Market.trades' largest limit. */
export const maxTradesLimit = 1000;
export const defaultTradesLimit = 100;

/** One trade on the exchange. Prices/quantities are the exchange's decimal strings; id is the exchange's trade id as a decimal string (64-bit). */
export interface TradePrint {
  id: string;
  price: string;
  quantity: string;
  quoteQuantity: string;
  time: number;
  buyerIsMaker: boolean;
}

export function tradeFromRow(row: TradeRow): TradePrint {
  return {
    id: String(row.id),
    price: row.price,
    quantity: row.qty,
    quoteQuantity: row.quoteQty,
    time: row.time,
    buyerIsMaker: row.isBuyerMaker,
  };
}

/** Enough significant digits for an exact product of two exchange-sized decimals (20 + 20 digits). */
const ExactDecimal = Decimal.clone({ precision: 100 });

/** Digits after the decimal point of a decimal string. */
export const fractionDigits = (decimal: string): number => {
  const dot = decimal.indexOf('.');
  return dot < 0 ? 0 : decimal.length - dot - 1;
};

/** price × quantity with as many decimals as the more precise of the two (8 on Binance), rounded down. */
export function quoteQuantityOf(price: string, quantity: string): string {
  const digits = Math.max(fractionDigits(price), fractionDigits(quantity));
  return new ExactDecimal(price).times(quantity).toDecimalPlaces(digits, Decimal.ROUND_DOWN).toFixed(digits);
}

/** The trade's place on the tape (ids are consecutive per symbol). */
export function tradePosition(trade: TradePrint): number {
  return Number(trade.id);
}
