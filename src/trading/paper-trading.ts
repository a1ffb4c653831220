/**
 * Paper trading for one gateway: places, cancels and looks up the orders of each key's paper account,
 * and applies the matching engine's trades to them. Every change is one optimistic store transaction
 * over the account and the orders it touches (paper-ledger.ts computes, store.transact commits or
 * retries), so concurrent changes, on one instance or several sharing Redis, can never overspend, a
 * cancel racing a fill ends in exactly one of them, and the same clientOrderId twice returns the
 * first order and changes nothing. On one instance, the changes of one account also queue
 * (keyed-queue.ts), which spares the transaction most of its retries.
 *
 * Each change's updates go out (order-updates) once committed; an order that rests gets its pointer
 * in the resting index around the transaction (paper-resting-index.ts explains the order of steps).
 */
import type { ExchangeInfoCache } from '../exchange/exchange-info-cache.js';
import { NotFoundError } from '../schema/errors.js';
import type { KeyValueStore, TransactResult, Transactions } from '../store/store.js';
import { Dec } from './decimal.js';
import { KeyedQueue } from './keyed-queue.js';
import { isOpenStatus, stopOrderTypes, type TradeOrder, type TradeRequest } from './order.js';
import { readOrder } from './order-schema.js';
import type { OrderUpdate } from './order-update.js';
import { paperAccountKey, paperOrderKey, readAccount, type OpenOrder } from './paper-account-doc.js';
import type { BalanceView } from './paper-balances.js';
import { PaperLedger, type MarketTrade } from './paper-ledger.js';
import type { PaperQuotes } from './paper-quotes.js';
import type { PaperRestingIndex, RestingPointer } from './paper-resting-index.js';
import { isMarketable, takerPrice, type Quote } from './paper-rules.js';
import type { PriceFeed } from './price-feed.js';
import { prepareOrder } from './prepare-order.js';

export interface PaperTradingOptions {
  store: KeyValueStore & Transactions;
  exchangeInfo: ExchangeInfoCache;
  /** Last prices (stop orders that would trigger at once). */
  prices: PriceFeed;
  /** The exchange's average prices (PERCENT_PRICE filters). */
  averagePrices: PriceFeed;
  quotes: Pick<PaperQuotes, 'quote'>;
  index: Pick<PaperRestingIndex, 'put' | 'remove'>;
  /** Sends a key's committed order updates to its subscribers (order-updates-service.ts). */
  publish: (keyId: string, updates: readonly OrderUpdate[]) => Promise<void>;
  /**
   * When an order starts to be matched, on the exchange's clock: our estimate of it, less how far the
   * estimate may be ahead (half the round trip it was measured with), so that a trade printed just
   * after the order never looks older than it.
   */
  placedAt: () => number;
  /** A new account's balances, asset → decimal string (PAPER_BALANCES). */
  startingBalances: Record<string, string>;
  /** Commission per fill, a decimal string such as "0.001" (PAPER_COMMISSION_RATE). */
  commissionRate: string;
  /** @default Date.now */
  now?: () => number;
}

export class PaperTrading {
  private readonly commissionRate: Dec;
  private readonly now: () => number;
  /** Changes of one account, one at a time on this instance. */
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: PaperTradingOptions) {
    this.commissionRate = new Dec(options.commissionRate);
    this.now = options.now ?? Date.now;
  }

  /** Places a paper order for the API key `keyId`; a known clientOrderId returns its order unchanged. */
  trade(keyId: string, request: TradeRequest): Promise<TradeOrder> {
    return this.queue.run(keyId, () => this.tradeNow(keyId, request));
  }

  /** Cancels one open order; an order no longer open comes back unchanged; NOT_FOUND for an id never used. */
  cancel(keyId: string, symbol: string, clientOrderId: string): Promise<TradeOrder> {
    return this.queue.run(keyId, async () => {
      const [order] = await this.cancelAll(keyId, symbol, [clientOrderId]);
      if (order === undefined) throw new NotFoundError(`This key placed no ${symbol} paper order with clientOrderId "${clientOrderId}".`);
      return order;
    });
  }

  /** Cancels every open order of the key on `symbol`; returns them as canceled. */
  cancelOpen(keyId: string, symbol: string): Promise<TradeOrder[]> {
    return this.queue.run(keyId, async () => {
      const open = (await this.openEntries(keyId)).filter((o) => o.symbol === symbol);
      const orders = await this.cancelAll(keyId, symbol, open.map((o) => o.clientOrderId));
      return orders.filter((o): o is TradeOrder => o !== undefined && o.status === 'CANCELED');
    });
  }

  async balances(keyId: string): Promise<BalanceView[]> {
    const account = readAccount(await this.options.store.get(paperAccountKey(keyId)), this.options.startingBalances);
    return new PaperLedger(account, new Map(), this.commissionRate).balances.list();
  }

  /** The key's order with this id, or null. */
  async order(keyId: string, clientOrderId: string): Promise<TradeOrder | null> {
    const raw = await this.options.store.get(paperOrderKey(keyId, clientOrderId));
    return raw === null ? null : readOrder(raw);
  }

  /** Open orders (on one symbol or all), newest first. */
  async openOrders(keyId: string, symbol?: string): Promise<TradeOrder[]> {
    const open = (await this.openEntries(keyId)).filter((o) => symbol === undefined || o.symbol === symbol);
    const orders = await this.read(keyId, open.map((o) => o.clientOrderId).reverse());
    return orders.filter((o) => isOpenStatus(o.status));
  }

  /** The most recent orders (on one symbol or all), newest first, at most `limit`. */
  async orders(keyId: string, symbol: string | undefined, limit: number): Promise<TradeOrder[]> {
    const account = readAccount(await this.options.store.get(paperAccountKey(keyId)), this.options.startingBalances);
    const orders = await this.read(keyId, account.recent);
    return orders.filter((o) => symbol === undefined || o.symbol === symbol).slice(0, limit);
  }

  /**
   * One exchange trade on one open order (the matching engine's call): triggers or fills it where the
   * trade reaches it. Resolves to the order as it is now (null when unknown).
   */
  applyTrade(pointer: RestingPointer, trade: MarketTrade, quote: Quote | undefined): Promise<TradeOrder | null> {
    const { keyId, clientOrderId } = pointer;
    return this.queue.run(keyId, async () => {
      const { result, updates } = await this.transact(keyId, [clientOrderId], (ledger) => {
        ledger.applyTrade(clientOrderId, trade, quote, this.now());
        return ledger.orders.get(clientOrderId) ?? null;
      });
      await this.options.publish(keyId, updates);
      await this.afterChange(pointer, result, updates);
      return result;
    });
  }

  /** A pointer left pending (its placer died): confirmed when the order is open, removed otherwise. */
  async settlePending(pointer: RestingPointer): Promise<void> {
    const order = await this.order(pointer.keyId, pointer.clientOrderId);
    const open = (await this.openEntries(pointer.keyId)).some((o) => o.clientOrderId === pointer.clientOrderId);
    if (order !== null && open) await this.options.index.put({ ...pointer, pending: false, writtenAt: this.now() });
    else await this.options.index.remove(pointer.keyId, pointer.clientOrderId);
  }

  private async tradeNow(keyId: string, request: TradeRequest): Promise<TradeOrder> {
    const known = await this.order(keyId, request.clientOrderId);
    // A repeated id is answered from its record, even if the same input would now break a filter.
    if (known !== null) return known;
    const isStop = stopOrderTypes.has(request.type);
    // The symbol first: an unknown one is the caller's mistake, before any market data is asked for.
    const { symbol } = await this.options.exchangeInfo.require(request.symbol);
    const [quote, lastPrice] = await Promise.all([
      isStop ? undefined : this.options.quotes.quote(symbol),
      isStop ? this.options.prices.price(symbol) : undefined,
    ]);
    const prepared = await prepareOrder(request, this.options, quote && takerPrice(request.side, quote));
    const mayRest = isStop || (request.type !== 'MARKET' && (request.timeInForce ?? 'GTC') === 'GTC' && !isMarketable(request.side, request.price as Dec, quote));
    const pointer: RestingPointer | undefined = mayRest
      ? {
          keyId, clientOrderId: request.clientOrderId, symbol: prepared.info.symbol, side: request.side, type: request.type,
          price: (request.price as Dec).toFixed(), ...(request.stopPrice && { stopPrice: request.stopPrice.toFixed() }),
          triggered: false, placedAt: this.options.placedAt(), pending: true, writtenAt: this.now(),
        }
      : undefined;
    if (pointer) await this.options.index.put(pointer);
    let outcome: { result: TradeOrder | undefined; updates: OrderUpdate[] };
    try {
      outcome = await this.transact(keyId, [request.clientOrderId], (ledger, known) => {
        const recorded = ledger.orders.get(request.clientOrderId);
        // Placed meanwhile by another instance: its order is the answer.
        if (known && recorded !== undefined) return recorded;
        return ledger.place(prepared, { quote, lastPrice, now: this.now(), placedAt: pointer?.placedAt ?? this.options.placedAt() });
      });
    } catch (error) {
      if (pointer) await this.options.index.remove(keyId, pointer.clientOrderId);
      throw error;
    }
    const order = outcome.result as TradeOrder;
    await this.options.publish(keyId, outcome.updates);
    if (pointer) await this.afterChange(pointer, order, outcome.updates);
    return order;
  }

  /** The pointer after its order changed: confirmed while open, gone once closed. */
  private async afterChange(pointer: RestingPointer, order: TradeOrder | null, updates: readonly OrderUpdate[]): Promise<void> {
    const { index } = this.options;
    if (order === null || !isOpenStatus(order.status)) await index.remove(pointer.keyId, pointer.clientOrderId);
    else if (pointer.pending || updates.some((u) => u.event === 'TRIGGERED')) {
      await index.put({ ...pointer, pending: false, triggered: pointer.triggered || updates.some((u) => u.event === 'TRIGGERED'), writtenAt: this.now() });
    }
  }

  /** Cancels these orders of `symbol` in one transaction, sends their updates and drops their pointers; undefined for an unknown id. */
  private async cancelAll(keyId: string, symbol: string, clientOrderIds: readonly string[]): Promise<(TradeOrder | undefined)[]> {
    if (clientOrderIds.length === 0) return [];
    const { result, updates } = await this.transact(keyId, clientOrderIds, (ledger) =>
      clientOrderIds.map((id) => (ledger.orders.get(id)?.symbol === symbol ? ledger.cancel(id, this.now()) : undefined)),
    );
    await this.options.publish(keyId, updates);
    await Promise.all(updates.map((u) => this.options.index.remove(keyId, u.order.clientOrderId)));
    return result;
  }

  private async openEntries(keyId: string): Promise<OpenOrder[]> {
    return readAccount(await this.options.store.get(paperAccountKey(keyId)), this.options.startingBalances).open;
  }

  /** The stored orders with these ids, in that order (missing ones left out). */
  private async read(keyId: string, clientOrderIds: readonly string[]): Promise<TradeOrder[]> {
    if (clientOrderIds.length === 0) return [];
    const raws = await this.options.store.mget(clientOrderIds.map((id) => paperOrderKey(keyId, id)));
    return raws.filter((raw): raw is string => raw !== null).map(readOrder);
  }

  /**
   * One transaction over the account and the records of `clientOrderIds`; `step` gets the ledger
   * and whether the first of those records existed. Resolves to its result and the ledger's updates.
   */
  private async transact<R>(
    keyId: string,
    clientOrderIds: readonly string[],
    step: (ledger: PaperLedger, firstKnown: boolean) => R,
  ): Promise<{ result: R; updates: OrderUpdate[] }> {
    const { store, startingBalances } = this.options;
    const accountKey = paperAccountKey(keyId);
    const orderKeys = clientOrderIds.map((id) => paperOrderKey(keyId, id));
    const keys = [accountKey, ...orderKeys];
    return store.transact(keys, (values): TransactResult<{ result: R; updates: OrderUpdate[] }> => {
      const orders = new Map<string, TradeOrder>();
      for (const raw of values.slice(1)) {
        if (raw === null || raw === undefined) continue;
        const order = readOrder(raw);
        orders.set(order.clientOrderId, order);
      }
      const ledger = new PaperLedger(readAccount(values[0] ?? null, startingBalances), orders, this.commissionRate);
      const result = step(ledger, (values[1] ?? null) !== null);
      const writes: Record<string, string> = {};
      if (ledger.changed) writes[accountKey] = JSON.stringify(ledger.toDoc());
      for (const id of ledger.changedOrders) {
        const order = ledger.orders.get(id);
        if (order !== undefined) writes[paperOrderKey(keyId, id)] = JSON.stringify(order);
      }
      return { writes, result: { result, updates: ledger.updates } };
    });
  }
}
