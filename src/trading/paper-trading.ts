/**
 * Paper trading for one gateway: validates a trade, then applies it to the caller's paper account
 * in one optimistic store transaction (paper-ledger.ts computes, store.transact commits or retries),
 * so concurrent trades, on one instance or several sharing Redis, can never overspend, and the same
 * clientOrderId twice returns the first order and changes nothing. On one instance, the trades of
 * one account also queue (keyed-queue.ts), which spares the transaction most of its retries.
 *
 * Resting LIMIT orders are filled lazily: whenever the account is read or traded, at the current
 * live price (cached ~1 s). There is no background sweeper, so an order whose price was touched
 * only between two visits stays resting; see paper-ledger.ts for the matching rules.
 */
import type { ExchangeInfoCache } from '../exchange/exchange-info-cache.js';
import type { KeyValueStore, TransactResult, Transactions } from '../store/store.js';
import { Dec } from './decimal.js';
import { KeyedQueue } from './keyed-queue.js';
import type { TradeOrder, TradeRequest } from './order.js';
import { readOrder } from './order-schema.js';
import { paperAccountKey, paperOrderKey, readAccount, type PaperAccountDoc } from './paper-account-doc.js';
import type { BalanceView } from './paper-balances.js';
import { PaperLedger } from './paper-ledger.js';
import type { PriceFeed } from './price-feed.js';
import { prepareOrder, type PreparedOrder } from './prepare-order.js';

export interface PaperTradingOptions {
  store: KeyValueStore & Transactions;
  exchangeInfo: ExchangeInfoCache;
  prices: PriceFeed;
  /** A new account's balances, asset → decimal string (PAPER_BALANCES). */
  startingBalances: Record<string, string>;
  /** Commission per fill, a decimal string such as "0.001" (PAPER_COMMISSION_RATE). */
  commissionRate: string;
  /** @default Date.now */
  now?: () => number;
}

/** A paper account as the API shows it. */
export interface PaperAccountView {
  keyId: string;
  balances: BalanceView[];
  /** Client order ids, newest first. */
  recentOrderIds: string[];
}

export class PaperTrading {
  private readonly commissionRate: Dec;
  private readonly now: () => number;
  /** Trades of one account, one at a time on this instance. */
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: PaperTradingOptions) {
    this.commissionRate = new Dec(options.commissionRate);
    this.now = options.now ?? Date.now;
  }

  /** Places a paper order for the API key `keyId`; a known clientOrderId returns its order unchanged. */
  trade(keyId: string, request: TradeRequest): Promise<TradeOrder> {
    return this.queue.run(keyId, () => this.tradeNow(keyId, request));
  }

  private async tradeNow(keyId: string, request: TradeRequest): Promise<TradeOrder> {
    const accountKey = paperAccountKey(keyId);
    const orderKey = paperOrderKey(keyId, request.clientOrderId);
    const [rawAccount = null, rawOrder = null] = await this.options.store.mget([accountKey, orderKey]);
    // A repeated id is answered from its record, even if the same input would now break a filter.
    const prepared = rawOrder === null ? await prepareOrder(request, this.options, true) : undefined;
    const outcome = await this.transactAccount(keyId, rawAccount, [orderKey], prepared, (ledger, values) => {
      const recorded = values.get(orderKey) === null ? undefined : ledger.orders.get(request.clientOrderId);
      if (recorded !== undefined) return recorded;
      // The record was there when read above and is gone now (evicted): validate again, outside.
      if (prepared === undefined) return undefined;
      return ledger.place(prepared, this.now());
    });
    return outcome ?? this.tradeNow(keyId, request);
  }

  /** The account, after filling the resting orders the market has reached. */
  async account(keyId: string): Promise<PaperAccountView> {
    const accountKey = paperAccountKey(keyId);
    const raw = await this.options.store.get(accountKey);
    return this.transactAccount(keyId, raw, [], undefined, (ledger) => ({
      keyId,
      balances: ledger.balances.list(),
      recentOrderIds: ledger.toDoc().recent,
    }));
  }

  /** The stored orders with these client order ids, in that order (missing ones left out). */
  async orders(keyId: string, clientOrderIds: readonly string[]): Promise<TradeOrder[]> {
    if (clientOrderIds.length === 0) return [];
    const raws = await this.options.store.mget(clientOrderIds.map((id) => paperOrderKey(keyId, id)));
    return raws.filter((raw): raw is string => raw !== null).map(readOrder);
  }

  /**
   * One transaction over the account, the records in `extraKeys` and the records of the resting
   * orders seen in `rawAccount` (read beforehand, to know which keys and prices the transaction
   * needs; one that started resting since is left for the next visit). Settles first, then `step`.
   */
  private async transactAccount<R>(
    keyId: string,
    rawAccount: string | null,
    extraKeys: string[],
    prepared: PreparedOrder | undefined,
    step: (ledger: PaperLedger, values: Map<string, string | null>) => R,
  ): Promise<R> {
    const { store, prices, startingBalances } = this.options;
    const resting = readAccount(rawAccount, startingBalances).open;
    const accountKey = paperAccountKey(keyId);
    const orderKeys = [...new Set([...extraKeys, ...resting.map((o) => paperOrderKey(keyId, o.clientOrderId))])];
    const livePrices = new Map(await prices.prices(resting.map((o) => o.symbol)));
    if (prepared?.marketPrice !== undefined) livePrices.set(prepared.info.symbol, prepared.marketPrice);
    const keys = [accountKey, ...orderKeys];
    return store.transact(keys, (values): TransactResult<R> => {
      const byKey = new Map(keys.map((key, i) => [key, values[i] ?? null]));
      const orders = new Map<string, TradeOrder>();
      for (const key of orderKeys) {
        const raw = byKey.get(key);
        if (raw !== null && raw !== undefined) {
          const order = readOrder(raw);
          orders.set(order.clientOrderId, order);
        }
      }
      const ledger = new PaperLedger(readAccount(byKey.get(accountKey) ?? null, startingBalances), orders, this.commissionRate);
      ledger.settle(livePrices);
      const result = step(ledger, byKey);
      return { writes: ledger.changed ? this.writesOf(keyId, ledger) : {}, result };
    });
  }

  private writesOf(keyId: string, ledger: PaperLedger): Record<string, string> {
    const doc: PaperAccountDoc = ledger.toDoc();
    const writes: Record<string, string> = { [paperAccountKey(keyId)]: JSON.stringify(doc) };
    for (const id of ledger.changedOrders) {
      const order = ledger.orders.get(id);
      if (order !== undefined) writes[paperOrderKey(keyId, id)] = JSON.stringify(order);
    }
    return writes;
  }
}
