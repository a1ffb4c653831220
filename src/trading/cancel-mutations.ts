/**
 * The four cancel mutations: cancelOrder and cancelOpenOrders on the caller's paper orders (scope
 * `trade`), cancelLiveOrder and cancelLiveOpenOrders on its live orders (scope `live`; like
 * placement, LIVE_TRADING_DISABLED while live trading is off). Idempotent (an order no longer open
 * comes back unchanged), NOT_FOUND for an id the key never used, 60 calls a minute per key each.
 */
import type { GatewayContext } from '../context.js';
import { builder } from '../schema/builder.js';
import { LiveTradingDisabledError } from '../schema/errors.js';
import type { TradeOrder } from './order.js';
import { cancelRateLimit } from './order-rate-limit.js';
import { OrderRef } from './order-type.js';
import { viewerIdOf } from './viewer-id.js';

/** One mode's cancels: its field names, descriptions, scope and service. */
interface CancelMode {
  one: { name: 'cancelOrder' | 'cancelLiveOrder'; description: string };
  all: { name: 'cancelOpenOrders' | 'cancelLiveOpenOrders'; description: string };
  scope: 'trade' | 'live';
  service: (context: GatewayContext) => {
    cancel(keyId: string, symbol: string, clientOrderId: string): Promise<TradeOrder>;
    cancelOpen(keyId: string, symbol: string): Promise<TradeOrder[]>;
  };
}

const modes: CancelMode[] = [
  {
    one: {
      name: 'cancelOrder',
      description:
        "Cancels one of the caller's paper orders. Idempotent: an order that is no longer open is\nreturned as it is, unchanged. An id this key never used: NOT_FOUND.",
    },
    all: { name: 'cancelOpenOrders', description: 'Cancels every open paper order of the caller on one symbol; returns them as canceled.' },
    scope: 'trade',
    service: (context) => context.services.paperTrading,
  },
  {
    one: { name: 'cancelLiveOrder', description: 'cancelOrder for a live order (live scope).' },
    all: { name: 'cancelLiveOpenOrders', description: 'cancelOpenOrders for live orders (live scope).' },
    scope: 'live',
    service: (context) => {
      if (!context.services.liveTradingEnabled) throw new LiveTradingDisabledError();
      return context.services.liveOrderBook;
    },
  },
];

/** The symbol in the exchange's spelling (BAD_USER_INPUT for an unknown one), and the mode's service. */
async function prepare(mode: CancelMode, context: GatewayContext, symbol: string) {
  const service = mode.service(context);
  const market = await context.services.exchangeInfo.require(symbol);
  return { service, symbol: market.symbol, keyId: viewerIdOf(context) };
}

for (const mode of modes) {
  const authScopes = { [mode.scope]: true };
  builder.mutationField(mode.one.name, (t) =>
    t.field({
      type: OrderRef,
      description: mode.one.description,
      authScopes,
      rateLimit: cancelRateLimit,
      args: { symbol: t.arg.string({ required: true }), clientOrderId: t.arg.string({ required: true }) },
      resolve: async (_root, args, context) => {
        const { service, symbol, keyId } = await prepare(mode, context, args.symbol);
        return service.cancel(keyId, symbol, args.clientOrderId);
      },
    }),
  );
  builder.mutationField(mode.all.name, (t) =>
    t.field({
      type: [OrderRef],
      description: mode.all.description,
      authScopes,
      rateLimit: cancelRateLimit,
      args: { symbol: t.arg.string({ required: true }) },
      resolve: async (_root, args, context) => {
        const { service, symbol, keyId } = await prepare(mode, context, args.symbol);
        return service.cancelOpen(keyId, symbol);
      },
    }),
  );
}
