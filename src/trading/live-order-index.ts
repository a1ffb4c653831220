/**
 * The two lists the live-order records are found by, each one store document changed in a
 * single-key transaction (one Redis Cluster slot each):
 *
 * - `live-orders:<accountId>:<keyId>`: the client order ids a key sent to an exchange account,
 *   newest first (LiveAccount.orders and openOrders read the records listed here).
 * - `live-unsettled:<accountId>`: every order of the account whose end its key has not been told
 *   yet (orderUpdates), with its symbol. Added when the id is claimed, before anything is sent;
 *   removed once the order ended and every change of it was announced. After each user-data
 *   (re)connect this is what the holder reconciles over REST, so nothing is lost while it was away.
 */
import { z } from 'zod';
import type { KeyValueStore, Transactions } from '../store/store.js';

/** Ids listed per key and account; older ones stay stored but are no longer listed. */
export const maxListedLiveOrders = 500;

export const liveOrdersKey = (accountId: string, keyId: string): string => `live-orders:${accountId}:${keyId}`;
export const unsettledKey = (accountId: string): string => `live-unsettled:${accountId}`;

const listSchema = z.object({ v: z.literal(1), ids: z.array(z.string()) });
const unsettledSchema = z.object({ v: z.literal(1), orders: z.record(z.string(), z.string()) });

export class LiveOrderIndex {
  constructor(private readonly store: KeyValueStore & Transactions) {}

  /** Lists a new id for the key and marks it unsettled for the account. */
  async claimed(accountId: string, keyId: string, clientOrderId: string, symbol: string): Promise<void> {
    await Promise.all([
      this.store.transact([liveOrdersKey(accountId, keyId)], ([raw]) => {
        const ids = readList(raw ?? null).filter((id) => id !== clientOrderId);
        ids.unshift(clientOrderId);
        return { writes: { [liveOrdersKey(accountId, keyId)]: JSON.stringify({ v: 1, ids: ids.slice(0, maxListedLiveOrders) }) }, result: undefined };
      }),
      this.changeUnsettled(accountId, (orders) => {
        orders[clientOrderId] = symbol;
      }),
    ]);
  }

  /** The key's ids on the account, newest first. */
  async listed(accountId: string, keyId: string): Promise<string[]> {
    return readList(await this.store.get(liveOrdersKey(accountId, keyId)));
  }

  /** Client order id → symbol of the account's unsettled orders. */
  async unsettled(accountId: string): Promise<Record<string, string>> {
    return readUnsettled(await this.store.get(unsettledKey(accountId)));
  }

  async settled(accountId: string, clientOrderId: string): Promise<void> {
    await this.changeUnsettled(accountId, (orders) => {
      delete orders[clientOrderId];
    });
  }

  private async changeUnsettled(accountId: string, change: (orders: Record<string, string>) => void): Promise<void> {
    const key = unsettledKey(accountId);
    await this.store.transact([key], ([raw]) => {
      const orders = readUnsettled(raw ?? null);
      change(orders);
      return { writes: { [key]: JSON.stringify({ v: 1, orders }) }, result: undefined };
    });
  }
}

function readList(raw: string | null): string[] {
  return raw === null ? [] : listSchema.parse(JSON.parse(raw)).ids;
}

function readUnsettled(raw: string | null): Record<string, string> {
  return raw === null ? {} : unsettledSchema.parse(JSON.parse(raw)).orders;
}
