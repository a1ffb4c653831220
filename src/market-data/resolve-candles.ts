/**
 * The one resolver behind Query.ohlcv and Market.candles: validates the request against the
 * contract's bounds, then returns the bars as a list, or as an async iterable when the client asked
 * for @stream (so bars leave as their blocks arrive).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { BadUserInputError } from '../schema/errors.js';
import type { GatewayContext } from '../context.js';
import type { Candle } from './candle.js';
import { defaultCandleLimit, maxCandlesPerField, maxCandlesPerOperation } from './candle-limits.js';
import { loadCandleRange, streamCandleRange } from './candle-range.js';
import type { Interval } from './intervals.js';
import { plannedCandles } from './planned-candles.js';


export interface CandlesArgs {
  interval: Interval;
  limit?: number | null;
  start?: number | null;
  end?: number | null;
}

export async function resolveCandles(
  symbol: string,
  args: CandlesArgs,
  context: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<Candle[] | AsyncIterable<Candle>> {
  const limit = args.limit ?? defaultCandleLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxCandlesPerField) {
    throw new BadUserInputError(`limit must be between 1 and ${maxCandlesPerField}; got ${limit}.`);
  }
  if (args.start != null && args.end != null && args.start > args.end) {
    throw new BadUserInputError('start must not be after end.');
  }
  context.candleBudget.requested += limit;
  // The whole operation's total, from its document: refused before any field loads anything.
  context.candleBudget.planned ??= plannedCandles(info);
  if (context.candleBudget.planned > maxCandlesPerOperation || context.candleBudget.requested > maxCandlesPerOperation) {
    throw new BadUserInputError(`An operation may ask for at most ${maxCandlesPerOperation} candles in total.`);
  }
  const market = await context.services.exchangeInfo.require(symbol);
  // Sibling fields' resolvers all ran before this first await returned, so the operation's total is
  // known now: an operation over the budget loads nothing, not just its last field.
  if (context.candleBudget.requested > maxCandlesPerOperation) {
    throw new BadUserInputError(`An operation may ask for at most ${maxCandlesPerOperation} candles in total.`);
  }
  const { exchange } = context.services;
  await exchange.clock.ensureFresh();
  const deps = { loader: context.loaders.candleBlocks, now: () => exchange.clock.now() };
  const request = { symbol: market.symbol, interval: args.interval, limit, start: args.start, end: args.end };
  return isStreamed(info) ? streamCandleRange(deps, request) : loadCandleRange(deps, request);
}

function isStreamed(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node) => node.directives?.some((d) => d.name.value === 'stream'));
}
