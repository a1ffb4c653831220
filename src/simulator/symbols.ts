/**
 * The symbols the fake exchange lists: their specification (what a test may configure), the
 * defaults, validation at start-up, and the derived numbers other modules need (tick and step in
 * 1e-8 units, a per-symbol hash for the price path).
 */
import { assertDecimal, toUnits } from './decimals.js';

/** Symbol status values Binance reports; orders are accepted only while `TRADING`. */
export type SymbolStatus = 'TRADING' | 'END_OF_DAY' | 'HALT' | 'BREAK' | 'CANCEL_ONLY';

/** One listed symbol. Decimal fields are strings with at most 8 decimals. */
export interface SymbolSpec {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** @default 'TRADING' */
  status?: SymbolStatus;
  /** Centre of the deterministic price path; the live price stays within about ±15% of it. */
  price: string;
  tickSize: string;
  stepSize: string;
  /** Smallest price × quantity accepted. */
  minNotional: string;
  /** Which notional filters exchangeInfo lists and orders are checked against. @default ['NOTIONAL'] */
  notionalFilters?: Array<'MIN_NOTIONAL' | 'NOTIONAL'>;
  /** @default tickSize */
  minPrice?: string;
  /** @default '1000000' */
  maxPrice?: string;
  /** @default stepSize */
  minQty?: string;
  /** @default '9000' */
  maxQty?: string;
  /** MARKET_LOT_SIZE maxQty (its minQty and stepSize are '0', as Binance often reports). @default maxQty */
  marketMaxQty?: string;
  /** @default '9000000' */
  maxNotional?: string;
  /** @default true */
  quoteOrderQtyMarketAllowed?: boolean;
  /** Average base-asset volume per second in generated klines. @default 1 */
  baseVolumePerSecond?: number;
  /** Average trades per second in generated klines. @default 10 */
  tradesPerSecond?: number;
}

/** BTCUSDT, ETHUSDT, BNBBTC trading; LUNAUSDT in BREAK. */
export const defaultSymbols: readonly SymbolSpec[] = [
  { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', price: '64000', tickSize: '0.01', stepSize: '0.00001',
    minNotional: '5', maxQty: '9000', marketMaxQty: '120', baseVolumePerSecond: 0.3, tradesPerSecond: 25 },
  { symbol: 'ETHUSDT', baseAsset: 'ETH', quoteAsset: 'USDT', price: '3200', tickSize: '0.01', stepSize: '0.0001',
    minNotional: '5', notionalFilters: ['MIN_NOTIONAL', 'NOTIONAL'], maxQty: '9000', marketMaxQty: '2500',
    baseVolumePerSecond: 4, tradesPerSecond: 15 },
  { symbol: 'BNBBTC', baseAsset: 'BNB', quoteAsset: 'BTC', price: '0.009', tickSize: '0.000001', stepSize: '0.001',
    minNotional: '0.0001', notionalFilters: ['MIN_NOTIONAL'], maxQty: '100000', baseVolumePerSecond: 2,
    tradesPerSecond: 10 },
  { symbol: 'LUNAUSDT', baseAsset: 'LUNA', quoteAsset: 'USDT', status: 'BREAK', price: '0.00012',
    tickSize: '0.00000001', stepSize: '0.01', minNotional: '5', maxQty: '90000000000', maxPrice: '1000',
    quoteOrderQtyMarketAllowed: false, baseVolumePerSecond: 1000, tradesPerSecond: 10 },
];

/** A symbol with every default filled in and its numbers pre-computed. */
export interface ListedSymbol {
  spec: Required<SymbolSpec>;
  tickUnits: number;
  /** stepSize in units of 1e-8. */
  stepUnits: number;
  priceUnits: number;
  /** 32-bit hash of the symbol name, salting everything generated for it. */
  hash: number;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function complete(spec: SymbolSpec): Required<SymbolSpec> {
  const maxQty = spec.maxQty ?? '9000';
  return {
    status: 'TRADING', notionalFilters: ['NOTIONAL'], minPrice: spec.tickSize, maxPrice: '1000000',
    minQty: spec.stepSize, maxQty, marketMaxQty: maxQty, maxNotional: '9000000', quoteOrderQtyMarketAllowed: true,
    baseVolumePerSecond: 1, tradesPerSecond: 10,
    // An explicit `undefined` in a test's spec means "the default", not "no value".
    ...Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined)),
  } as Required<SymbolSpec>;
}

/** Validates specs (messages name the field, the expected and the received value) and indexes them by name. */
export function listSymbols(specs: readonly SymbolSpec[]): Map<string, ListedSymbol> {
  const listed = new Map<string, ListedSymbol>();
  for (const raw of specs) {
    if (!/^[A-Z0-9]{2,20}$/.test(raw.symbol)) {
      throw new TypeError(`SymbolSpec.symbol must be 2-20 uppercase letters or digits, received "${raw.symbol}"`);
    }
    if (listed.has(raw.symbol)) throw new TypeError(`SymbolSpec.symbol "${raw.symbol}" is listed twice`);
    const spec = complete(raw);
    const at = <T>(field: string, read: () => T): T => {
      try {
        return read();
      } catch (error) {
        throw new TypeError(`SymbolSpec ${raw.symbol}.${field}: ${(error as Error).message}`);
      }
    };
    const tickUnits = at('tickSize', () => toUnits(spec.tickSize));
    const priceUnits = at('price', () => toUnits(spec.price));
    const stepUnits = at('stepSize', () => toUnits(spec.stepSize));
    if (stepUnits <= 0) throw new TypeError(`SymbolSpec ${raw.symbol}.stepSize must be > 0, received ${spec.stepSize}`);
    for (const field of ['minNotional', 'minPrice', 'maxPrice', 'minQty', 'maxQty', 'marketMaxQty', 'maxNotional'] as const) {
      at(field, () => assertDecimal(spec[field]));
    }
    if (!(spec.baseVolumePerSecond >= 0 && spec.tradesPerSecond >= 0)) {
      throw new TypeError(`SymbolSpec ${raw.symbol}: baseVolumePerSecond and tradesPerSecond must be >= 0`);
    }
    if (tickUnits <= 0 || priceUnits < tickUnits * 100) {
      throw new TypeError(`SymbolSpec ${raw.symbol}: price must be at least 100 ticks, received price ${spec.price} with tickSize ${spec.tickSize}`);
    }
    listed.set(spec.symbol, { spec, tickUnits, stepUnits, priceUnits, hash: fnv1a(spec.symbol) });
  }
  return listed;
}
