/**
 * orderUpdates back-pressure, on both stores: updates are never coalesced, and a subscriber that
 * leaves more than STREAM_MAX_PENDING_CLOSED of them unread is ended with SLOW_CONSUMER
 * (pendingUpdates) while a subscriber that reads keeps getting every update in order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { GatewayError } from '../../src/schema/errors.js';
import { OrderUpdatesService } from '../../src/trading/order-updates-service.js';
import type { OrderUpdate } from '../../src/trading/order-update.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';
import { waitUntil } from '../streaming/live-clients.js';

const stores = new TestStores();
afterAll(() => stores.closeAll());

const update = (n: number): OrderUpdate => ({
  event: 'NEW',
  at: n,
  fill: null,
  order: {
    mode: 'PAPER', symbol: 'BTCUSDT', clientOrderId: `o-${n}`, exchangeOrderId: null, side: 'BUY', type: 'LIMIT', status: 'NEW',
    price: '1', quantity: '1', executedQuantity: '0', quoteQuantity: '0', fills: [], createdAt: n, updatedAt: n, timeInForce: 'GTC', stopPrice: null,
  },
});

describe.each(storeKinds)('orderUpdates queues with the %s store', (kind) => {
  it('ends a subscriber that reads nothing past the bound, and hands a reading one every update in order', async () => {
    const store = await stores.create(kind);
    const service = new OrderUpdatesService({ store, logger: createLogger('silent'), graceMs: 50, maxPending: 5 });
    const idle = await service.subscribe('PAPER', 'key-a');
    const reader = await service.subscribe('PAPER', 'key-a');
    const read: string[] = [];
    const reading = (async () => {
      for await (const item of reader) {
        if (item instanceof GatewayError) throw item;
        read.push(item.order.clientOrderId);
        if (read.length === 20) return;
      }
    })();
    // One at a time, as orders change: the reader keeps up, the idle subscriber does not.
    for (let i = 0; i < 20; i++) {
      await service.publish('PAPER', 'key-a', [update(i)]);
      await waitUntil(() => read.length === i + 1, `update ${i} to be read`);
    }
    await reading;
    expect(read).toEqual(Array.from({ length: 20 }, (_, i) => `o-${i}`));
    // The idle one ended at its bound: its backlog dropped, the error is all it gets.
    const seen: unknown[] = [];
    for await (const item of idle) seen.push(item instanceof GatewayError ? item.extensions : (item).order.clientOrderId);
    expect(seen).toEqual([{ code: 'SLOW_CONSUMER', pendingUpdates: 6 }]);
    // Another key hears nothing of these.
    const other = await service.subscribe('PAPER', 'key-b');
    await service.publish('PAPER', 'key-a', [update(99)]);
    const next = await Promise.race([other.next(), new Promise((resolve) => setTimeout(() => resolve('nothing'), 100))]);
    expect(next).toBe('nothing');
    await other.return?.();
    await service.close();
  });
});
