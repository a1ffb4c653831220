/**
 * The body of GET /api/v3/exchangeInfo: rate limits (the weight limit the exchange enforces, the
 * order limits as documented examples), no exchange filters, and each symbol with its filters.
 */
import { filtersJson } from './filters.js';
import { ORDER_TYPES } from './order-params.js';
import type { ListedSymbol } from './symbols.js';

// The simulator does not prevent self-trades, so it offers only NONE (and says so, instead of pretending).
const STP_MODES = ['NONE'];

export function rateLimitsJson(weightLimitPerMinute: number): Array<Record<string, unknown>> {
  return [
    { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightLimitPerMinute },
    { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 50 },
    { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 160_000 },
    { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300_000 },
  ];
}

export function symbolJson(listed: ListedSymbol): Record<string, unknown> {
  const { spec } = listed;
  return {
    symbol: spec.symbol,
    status: spec.status,
    baseAsset: spec.baseAsset,
    baseAssetPrecision: 8,
    quoteAsset: spec.quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ORDER_TYPES,
    icebergAllowed: false,
    ocoAllowed: false,
    otoAllowed: false,
    quoteOrderQtyMarketAllowed: spec.quoteOrderQtyMarketAllowed,
    allowTrailingStop: false,
    cancelReplaceAllowed: false,
    amendAllowed: false,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: filtersJson(spec),
    permissions: [],
    permissionSets: [['SPOT']],
    defaultSelfTradePreventionMode: 'NONE',
    allowedSelfTradePreventionModes: STP_MODES,
  };
}
