/** Subscription.candles: live bars of one symbol, optionally resumed from a point without a gap. */
import { CandleRef, IntervalEnum } from '../market-data/candle-type.js';
import { intervals } from '../market-data/intervals.js';
import { builder } from '../schema/builder.js';
import { BadUserInputError } from '../schema/errors.js';
import { maxSinceBars } from './candle-history.js';
import type { CandleStreamItem } from './candle-stream-service.js';
import { resolveStreamItem } from './stream-item.js';

builder.subscriptionField('candles', (t) =>
  t.field({
    type: CandleRef,
    description: 'Every update of the forming bar, then the bar once more with closed: true, and on to the next.',
    authScopes: { read: true },
    args: {
      symbol: t.arg.string({ required: true }),
      interval: t.arg({ type: IntervalEnum, required: true }),
      since: t.arg({
        type: 'DateTime',
        description:
          `Resume: first every closed bar opening at or after since (at most ${maxSinceBars} bars back), then live, with no gap and no duplicate. A client that reconnects passes the closeTime of the last closed bar it received.`,
      }),
    },
    subscribe: async (_root, args, context): Promise<AsyncIterable<CandleStreamItem>> => {
      const { exchangeInfo, exchange, candleStreams } = context.services;
      const market = await exchangeInfo.require(args.symbol);
      const since = args.since ?? undefined;
      if (since !== undefined) {
        await exchange.clock.ensureFresh();
        const now = exchange.clock.now();
        if (since > now) throw new BadUserInputError('since must not be in the future.');
        if ((now - since) / intervals[args.interval].minMs > maxSinceBars) {
          throw new BadUserInputError(`since may reach at most ${maxSinceBars} bars back.`);
        }
      }
      return candleStreams.subscribe(market.symbol, args.interval, since);
    },
    resolve: resolveStreamItem,
  }),
);
