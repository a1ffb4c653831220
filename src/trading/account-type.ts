/**
 * The Account interface and the Balance type, shared by PaperAccount and LiveAccount: balances, one
 * order by client id, the open orders and the recent orders, all of the calling key's own orders.
 * Each account value carries its reader (paper: the paper ledger's records; live: the gateway's
 * records of the key's live orders, refreshed from the exchange), so the fields are written once.
 */
import { builder } from '../schema/builder.js';
import { BadUserInputError } from '../schema/errors.js';
import type { TradeMode, TradeOrder } from './order.js';
import { OrderRef } from './order-type.js';
import { maxListedOrders } from './paper-account-doc.js';
import type { BalanceView } from './paper-balances.js';

/** How an account's orders are read (the key is bound in). */
export interface AccountReader {
  balances(): Promise<BalanceView[]>;
  order(clientOrderId: string): Promise<TradeOrder | null>;
  /** Newest first. */
  openOrders(symbol: string | undefined): Promise<TradeOrder[]>;
  /** Newest first, at most `limit`. */
  orders(symbol: string | undefined, limit: number): Promise<TradeOrder[]>;
}

export interface AccountView {
  mode: TradeMode;
  reader: AccountReader;
}

export const BalanceRef = builder.objectRef<BalanceView>('Balance').implement({
  fields: (t) => ({
    asset: t.exposeString('asset'),
    free: t.expose('free', { type: 'Decimal' }),
    locked: t.expose('locked', { type: 'Decimal' }),
  }),
});

/** A symbol argument in the exchange's spelling (upper case); undefined stays undefined. */
const symbolArg = (symbol: string | null | undefined): string | undefined => (symbol ? symbol.trim().toUpperCase() : undefined);

export const AccountRef = builder.interfaceRef<AccountView>('Account').implement({
  description:
    'What a trading account shows its owner. Balances: `free` can be spent, `locked` is held by\nopen orders. Orders are those the calling API key placed through the gateway.',
  resolveType: (account) => (account.mode === 'PAPER' ? 'PaperAccount' : 'LiveAccount'),
  fields: (t) => ({
    balances: t.field({ type: [BalanceRef], resolve: (account) => account.reader.balances() }),
    order: t.field({
      type: OrderRef,
      nullable: true,
      description: 'Null where this key placed no order with that id.',
      args: { clientOrderId: t.arg.string({ required: true }) },
      resolve: (account, args) => account.reader.order(args.clientOrderId),
    }),
    openOrders: t.field({
      type: [OrderRef],
      description: 'Orders still working (NEW, PARTIALLY_FILLED, or a stop order not yet triggered), newest first.',
      args: { symbol: t.arg.string() },
      resolve: (account, args) => account.reader.openOrders(symbolArg(args.symbol)),
    }),
    orders: t.field({
      type: [OrderRef],
      description: 'Orders of every status, newest first.',
      args: { symbol: t.arg.string(), limit: t.arg.int({ defaultValue: 50 }) },
      resolve: (account, args) => {
        const limit = args.limit ?? 50;
        if (!Number.isInteger(limit) || limit < 1 || limit > maxListedOrders) {
          throw new BadUserInputError(`limit must be between 1 and ${maxListedOrders}; got ${limit}.`);
        }
        return account.reader.orders(symbolArg(args.symbol), limit);
      },
    }),
  }),
});
