/**
 * The rolling statistics Binance derives from trades and the book: the 24 h ticker (REST
 * ticker/24hr, the @ticker and @miniTicker streams), the 5-minute average price and the best
 * bid/ask. All come from the same market at the same moment, so they agree with the trades of
 * their window, with the klines and with the depth snapshot.
 */
import { Dec, formatBigUnits } from './decimals.js';
import { findInterval, type Interval } from './intervals.js';
import type { MarketBars } from './market-bars.js';
import { e16Text, priceText, qtyText, signedUnitsText } from './market-format.js';
import type { Market } from './market.js';

const DAY = 86_400_000;
const AVG_PRICE_MS = 5 * 60_000;
const ZERO = '0.00000000';
const oneSecond = findInterval('1s') as Interval;

/** GET /api/v3/ticker/24hr (FULL) for one symbol. */
export interface Ticker24h {
  symbol: string; priceChange: string; priceChangePercent: string; weightedAvgPrice: string; prevClosePrice: string;
  lastPrice: string; lastQty: string; bidPrice: string; bidQty: string; askPrice: string; askQty: string;
  openPrice: string; highPrice: string; lowPrice: string; volume: string; quoteVolume: string;
  openTime: number; closeTime: number; firstId: number; lastId: number; count: number;
}

/** Best bid and ask as ticker/bookTicker shows them. */
export function bookTop(market: Market): { bidPrice: string; bidQty: string; askPrice: string; askQty: string } {
  const bid = market.view.best('bid');
  const ask = market.view.best('ask');
  const { symbol } = market;
  return {
    bidPrice: bid ? priceText(symbol, bid[0]) : ZERO, bidQty: bid ? qtyText(symbol, bid[1]) : ZERO,
    askPrice: ask ? priceText(symbol, ask[0]) : ZERO, askQty: ask ? qtyText(symbol, ask[1]) : ZERO,
  };
}

/** The last traded price (what ticker/price shows): the pinned price while a test pins one. */
export function lastPriceText(market: Market, bars: MarketBars, now: number): string {
  if (market.pinned !== undefined) return priceText(market.symbol, market.pinned);
  const last = market.lastTrade(now);
  if (last) return priceText(market.symbol, last.ticks);
  return bars.bar(oneSecond, Math.floor(now / 1000) * 1000, now).close;
}

export function ticker24h(market: Market, bars: MarketBars, now: number): Ticker24h {
  const { symbol } = market;
  const from = now - DAY;
  const agg = bars.window(from, now + 1);
  const last = market.lastTrade(now);
  const lastTicks = last?.ticks ?? (Number.isNaN(agg.close) ? market.lastTicks(now) : agg.close);
  const openTicks = Number.isNaN(agg.open) ? lastTicks : agg.open;
  const change = (lastTicks - openTicks) * symbol.tickUnits;
  const percent = openTicks > 0 ? new Dec(change).div(openTicks * symbol.tickUnits).times(100).toFixed(3) : '0.000';
  return {
    symbol: symbol.spec.symbol,
    priceChange: signedUnitsText(change),
    priceChangePercent: percent,
    weightedAvgPrice: agg.volume > 0n ? formatBigUnits(agg.quote / agg.volume) : ZERO,
    prevClosePrice: priceText(symbol, market.lastTicks(from - 1)),
    lastPrice: priceText(symbol, lastTicks),
    lastQty: last ? qtyText(symbol, last.steps) : ZERO,
    ...bookTop(market),
    openPrice: priceText(symbol, openTicks),
    highPrice: priceText(symbol, Number.isNaN(agg.high) ? lastTicks : agg.high),
    lowPrice: priceText(symbol, Number.isNaN(agg.low) ? lastTicks : agg.low),
    volume: formatBigUnits(agg.volume),
    quoteVolume: e16Text(agg.quote),
    openTime: from,
    closeTime: now,
    firstId: agg.count > 0 ? agg.firstId : -1,
    lastId: agg.count > 0 ? agg.lastId : -1,
    count: agg.count,
  };
}

/** GET /api/v3/avgPrice: the volume-weighted price of the last 5 minutes. */
export function averagePrice(market: Market, bars: MarketBars, now: number): { mins: number; price: string; closeTime: number } {
  if (market.pinned !== undefined) return { mins: 5, price: priceText(market.symbol, market.pinned), closeTime: now };
  const agg = bars.window(now - AVG_PRICE_MS, now + 1);
  const price = agg.volume > 0n ? formatBigUnits(agg.quote / agg.volume) : lastPriceText(market, bars, now);
  return { mins: 5, price, closeTime: market.lastTrade(now)?.time ?? now };
}

/** The average price as a decimal, for the filters that use it. */
export function averagePriceDec(market: Market, bars: MarketBars, now: number): Dec {
  return new Dec(averagePrice(market, bars, now).price);
}

