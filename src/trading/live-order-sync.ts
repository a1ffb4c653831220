/**
 * Keeps the gateway's records of live orders current with what is learnt of them, and tells each
 * key of its orders' changes. `observe` merges what a source saw (live-order-merge.ts) into the
 * record, in one transaction on it. With `announce` (only the instance holding the account's user
 * data stream announces, so a key hears of its orders from one place, in order), it also works out
 * what the key was not told yet (announced in the record: NEW, TRIGGERED, each TRADE by trade id,
 * the end) and publishes that once committed; an order that ended with everything told leaves the
 * account's unsettled list.
 */
import type { Logger } from '../observability/logger.js';
import type { KeyValueStore, Transactions } from '../store/store.js';
import type { LiveOrderIndex } from './live-order-index.js';
import { isFinal, mergeOrder } from './live-order-merge.js';
import { liveOrderKey, readRecord, type LiveOrderRecord } from './live-order-record.js';
import { stopOrderTypes, type TradeOrder } from './order.js';
import type { OrderUpdate } from './order-update.js';

export interface LiveOrderSyncDeps {
  store: KeyValueStore & Transactions;
  index: Pick<LiveOrderIndex, 'settled'>;
  publish: (keyId: string, updates: readonly OrderUpdate[]) => Promise<void>;
  logger: Logger;
}

/** What observe found. */
export type Observed =
  /** The record is a placed order: here it is now. */
  | { kind: 'order'; order: TradeOrder; ownerId: string }
  /** The id's placement is still being settled (or was rejected): nothing recorded. */
  | { kind: 'unsettled'; state: LiveOrderRecord['state'] }
  /** No record: not an order of the gateway's. */
  | { kind: 'unknown' };

type Announced = NonNullable<LiveOrderRecord['announced']>;

const endEvents: Partial<Record<TradeOrder['status'], OrderUpdate['event']>> = { CANCELED: 'CANCELED', EXPIRED: 'EXPIRED', REJECTED: 'REJECTED' };

export class LiveOrderSync {
  constructor(private readonly deps: LiveOrderSyncDeps) {}

  /** Merges `seen` into the record of `clientOrderId` on `accountId`; with `announce`, tells its key what it was not told. */
  async observe(accountId: string, clientOrderId: string, seen: TradeOrder | undefined, announce: boolean): Promise<Observed> {
    const key = liveOrderKey(accountId, clientOrderId);
    const outcome = await this.deps.store.transact<{ observed: Observed; updates: OrderUpdate[]; settled: boolean }>([key], ([raw]) => {
      if (raw === null || raw === undefined) return { writes: {}, result: { observed: { kind: 'unknown' }, updates: [] as OrderUpdate[], settled: false } };
      const record = readRecord(raw);
      if (record.state !== 'placed' || !record.order) {
        return { writes: {}, result: { observed: { kind: 'unsettled', state: record.state }, updates: [], settled: false } };
      }
      const order = seen ? mergeOrder(record.order, seen) : record.order;
      const announced: Announced = record.announced ?? { new: false, triggered: false, trades: [], final: false };
      const updates = announce ? newsOf(order, announced, Date.now()) : [];
      const next: LiveOrderRecord = { ...record, order, ...(announce && { announced }) };
      const changed = JSON.stringify(next) !== raw;
      return {
        writes: changed ? { [key]: JSON.stringify(next) } : {},
        result: { observed: { kind: 'order', order, ownerId: record.ownerId }, updates, settled: announce && announced.final },
      };
    });
    if (outcome.observed.kind === 'order') {
      if (outcome.updates.length > 0) await this.deps.publish(outcome.observed.ownerId, outcome.updates);
      if (outcome.settled) await this.deps.index.settled(accountId, clientOrderId);
    }
    return outcome.observed;
  }
}

/** The updates `order` makes that `announced` has not told; marks them told. */
function newsOf(order: TradeOrder, announced: Announced, at: number): OrderUpdate[] {
  const updates: OrderUpdate[] = [];
  if (!announced.new) {
    updates.push({ event: 'NEW', order, fill: null, at });
    announced.new = true;
  }
  const untold = order.fills.filter((fill) => fill.tradeId !== undefined && !announced.trades.includes(fill.tradeId));
  // The exchange says nothing when a stop order triggers; its first fill shows it did.
  if (stopOrderTypes.has(order.type) && !announced.triggered && order.fills.length > 0) {
    updates.push({ event: 'TRIGGERED', order, fill: null, at });
    announced.triggered = true;
  }
  for (const fill of untold) {
    updates.push({ event: 'TRADE', order, fill, at });
    announced.trades.push(fill.tradeId as string);
  }
  if (isFinal(order) && !announced.final) {
    if (order.status !== 'FILLED') updates.push({ event: endEvents[order.status] ?? 'CANCELED', order, fill: null, at });
    announced.final = true;
  }
  return updates;
}
