/**
 * A key's live orders after placement: cancels, and the LiveAccount's reads. The exchange is the
 * truth: an open order is refreshed from it before it is shown, and what was learnt is merged into
 * the gateway's record (live-order-sync.ts, without announcing: the user data holder tells keys).
 *
 * cancel sends DELETE /api/v3/order with origClientOrderId. An answer is merged as it is (with the
 * fills from myTrades where the order had executed more); "-2011 unknown order" and a lost answer
 * (timeout, 5xx, an unreadable answer) are resolved by looking the order up by its order id, never by
 * assuming: ended → that is the answer; still open after a lost answer → the DELETE is sent again
 * (safe: at worst -2011), until `reconcileTimeoutMs` is spent (then UPSTREAM_UNAVAILABLE).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExchangeAccount } from '../credentials/exchange-accounts.js';
import { ExchangeRejectedError } from '../exchange/errors.js';
import { NotFoundError, UpstreamUnavailableError } from '../schema/errors.js';
import type { KeyValueStore } from '../store/store.js';
import type { LiveOrderIndex } from './live-order-index.js';
import { lookUpLiveOrder, withTrades } from './live-order-lookup.js';
import { isFinal } from './live-order-merge.js';
import { toLiveOrder } from './live-order-params.js';
import { liveOrderKey, readRecord } from './live-order-record.js';
import type { LiveOrderSync } from './live-order-sync.js';
import type { TradeOrder } from './order.js';
import type { BalanceView } from './paper-balances.js';
import { classifySendError } from './live-order-outcome.js';

export interface LiveOrdersDeps {
  store: KeyValueStore;
  accounts: { forKey(keyId: string): Promise<ExchangeAccount> };
  index: Pick<LiveOrderIndex, 'listed'>;
  sync: Pick<LiveOrderSync, 'observe'>;
  /** How long a cancel keeps resolving a lost answer, ms (LIVE_ORDER_RECONCILE_TIMEOUT_MS). */
  reconcileTimeoutMs: number;
  /** Pause between two lookups, ms (LIVE_ORDER_RECONCILE_INTERVAL_MS). */
  reconcileIntervalMs: number;
}

export class LiveOrders {
  constructor(private readonly deps: LiveOrdersDeps) {}

  /** The exchange account's balances and whether it may trade (GET /api/v3/account). */
  async account(keyId: string): Promise<{ canTrade: boolean; balances: BalanceView[] }> {
    const { client } = await this.deps.accounts.forKey(keyId);
    const info = await client.account();
    const balances = info.balances.map(({ asset, free, locked }) => ({ asset, free, locked })).sort((a, b) => (a.asset < b.asset ? -1 : a.asset > b.asset ? 1 : 0));
    return { canTrade: info.canTrade, balances };
  }

  /** The key's order with this id, refreshed from the exchange while open; null when the key placed none. */
  async order(keyId: string, clientOrderId: string): Promise<TradeOrder | null> {
    const account = await this.deps.accounts.forKey(keyId);
    const known = await this.known(account.accountId, keyId, clientOrderId);
    return known && this.fresh(account, known);
  }

  /** The key's open orders (on one symbol or all), refreshed from the exchange, newest first. */
  async openOrders(keyId: string, symbol: string | undefined): Promise<TradeOrder[]> {
    const orders = await this.orders(keyId, symbol, Number.POSITIVE_INFINITY);
    return orders.filter((order) => !isFinal(order));
  }

  /** The key's orders of every status (on one symbol or all), newest first, the open ones refreshed. */
  async orders(keyId: string, symbol: string | undefined, limit: number): Promise<TradeOrder[]> {
    return this.ordersOf(await this.deps.accounts.forKey(keyId), keyId, symbol, limit);
  }

  /** Cancels one of the key's live orders; an ended one comes back unchanged; NOT_FOUND for an id it never used. */
  async cancel(keyId: string, symbol: string, clientOrderId: string): Promise<TradeOrder> {
    const account = await this.deps.accounts.forKey(keyId);
    const known = await this.known(account.accountId, keyId, clientOrderId);
    if (known === null || known.symbol !== symbol) throw new NotFoundError(`This key placed no live ${symbol} order with clientOrderId "${clientOrderId}".`);
    return this.cancelKnown(account, known);
  }

  /** Cancels every open order of the key on `symbol` (never another key's, even on a shared account). */
  async cancelOpen(keyId: string, symbol: string): Promise<TradeOrder[]> {
    const account = await this.deps.accounts.forKey(keyId);
    const open = (await this.ordersOf(account, keyId, symbol, Number.POSITIVE_INFINITY)).filter((order) => !isFinal(order));
    const canceled = await Promise.all(open.map((order) => this.cancelKnown(account, order)));
    return canceled.filter((order) => order.status === 'CANCELED');
  }

  private async ordersOf(account: ExchangeAccount, keyId: string, symbol: string | undefined, limit: number): Promise<TradeOrder[]> {
    const ids = await this.deps.index.listed(account.accountId, keyId);
    const raws = ids.length === 0 ? [] : await this.deps.store.mget(ids.map((id) => liveOrderKey(account.accountId, id)));
    const orders: TradeOrder[] = [];
    for (const raw of raws) {
      if (raw === null) continue;
      const record = readRecord(raw);
      if (record.ownerId !== keyId || record.state !== 'placed' || !record.order) continue;
      if (symbol !== undefined && record.order.symbol !== symbol) continue;
      orders.push(record.order);
      if (orders.length >= limit) break;
    }
    return Promise.all(orders.map((order) => this.fresh(account, order)));
  }

  /** Cancels an order of the account's that the key placed; an ended one comes back unchanged. */
  private async cancelKnown(account: ExchangeAccount, known: TradeOrder): Promise<TradeOrder> {
    const { clientOrderId } = known;
    if (isFinal(known)) return known;
    const deadline = Date.now() + this.deps.reconcileTimeoutMs;
    let current = known;
    for (;;) {
      const answered = await this.sendCancel(account, current);
      if (answered) return this.record(account, answered);
      // No answer, or "unknown order": what the exchange has decides.
      const seen = await lookUpLiveOrder(account.client, current, Date.now()).catch(() => undefined);
      if (seen) current = await this.record(account, seen);
      if (isFinal(current)) return current;
      if (Date.now() >= deadline) {
        throw new UpstreamUnavailableError('The exchange has not confirmed the cancel; retry cancelLiveOrder to find out.', { clientOrderId });
      }
      await sleep(this.deps.reconcileIntervalMs);
    }
  }

  /** The DELETE's answer as an order (fills completed from myTrades); undefined when it has to be looked up. */
  private async sendCancel(account: ExchangeAccount, order: TradeOrder): Promise<TradeOrder | undefined> {
    try {
      const response = await account.client.cancelOrder(order.symbol, order.clientOrderId);
      const seen = { ...toLiveOrder(response, {}, Date.now()), clientOrderId: order.clientOrderId };
      return await withTrades(account.client, seen, order.fills);
    } catch (error) {
      // -2011: not open (ended, or its client id was already replaced by a cancel whose answer was lost).
      if (error instanceof ExchangeRejectedError && error.exchangeCode === -2011) return undefined;
      const outcome = classifySendError(error);
      if (outcome.kind === 'unknown') return undefined;
      throw error;
    }
  }

  /** The record's order if it belongs to the key and is a placed order; null otherwise. */
  private async known(accountId: string, keyId: string, clientOrderId: string): Promise<TradeOrder | null> {
    const raw = await this.deps.store.get(liveOrderKey(accountId, clientOrderId));
    if (raw === null) return null;
    const record = readRecord(raw);
    if (record.ownerId !== keyId) return null;
    if (record.state === 'pending' || record.state === 'unknown') {
      throw new UpstreamUnavailableError('This order is still being placed (its outcome is not known yet); retry in a moment.', { clientOrderId });
    }
    return record.state === 'placed' && record.order ? record.order : null;
  }

  /** An open order as the exchange has it now (recorded); an ended one as it is. */
  private async fresh(account: ExchangeAccount, order: TradeOrder): Promise<TradeOrder> {
    if (isFinal(order)) return order;
    const seen = await lookUpLiveOrder(account.client, order, Date.now());
    return seen ? this.record(account, seen) : order;
  }

  private async record(account: ExchangeAccount, seen: TradeOrder): Promise<TradeOrder> {
    const observed = await this.deps.sync.observe(account.accountId, seen.clientOrderId, seen, false);
    return observed.kind === 'order' ? observed.order : seen;
  }
}
