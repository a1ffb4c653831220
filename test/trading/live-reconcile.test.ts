/**
 * Live orders whose answer is lost, on both store backends with two gateway instances sharing the
 * store: an order the exchange executes but never answers (or answers 503) is found by its client
 * id and the exchange sees exactly one order; "does not exist" is not trusted before timestamp +
 * recvWindow + engine timeout; a second request with the same id waits for the first one's order.
 *
 * Windows are shortened by configuration (lost-answer-harness.ts): recvWindow 500 ms, engine timeout 200 ms (+ the placer's
 * 1 s clock tolerance), requests time out after 300 ms, reconciliation gives up after 2.5 s.
 */
import { describe, expect, it } from 'vitest';
import { expectData } from '../helpers/graphql-client.js';
import { storeKinds } from '../helpers/test-stores.js';
import { fake, useLostAnswerHarness } from './lost-answer-harness.js';
import { keyPool } from './trading-keys.js';

const keys = keyPool('recon');
const { posts, gatewaysFor } = useLostAnswerHarness(keys);

describe.each(storeKinds)('live order reconciliation with the %s store', (kind) => {
  const { live, auditOf } = gatewaysFor(kind);

  it('finds an order the exchange executed but never answered, and the exchange sees exactly one order', async () => {
    const id = `hang-${kind}`;
    fake.orders.executeButNoAnswer({ clientOrderId: id });
    const order = expectData(await live(0, keys.next('live').key, id)).liveTrade;
    const placed = fake.orders.all().filter((o) => o.clientOrderId === id);
    expect(placed).toHaveLength(1);
    expect(order).toMatchObject({ clientOrderId: id, exchangeOrderId: String(placed[0]?.orderId), status: 'FILLED', executedQuantity: '0.00200000' });
    expect(posts(id)).toHaveLength(1);
    expect(auditOf(0, id)).toEqual(['sending', 'unknown', 'reconciled']);
  });

  it('finds an order answered with 503 "execution status unknown" instead of re-sending it', async () => {
    const id = `s503-${kind}`;
    fake.orders.executeButNoAnswer({ clientOrderId: id, as503: true });
    expect(expectData(await live(1, keys.next('live').key, id)).liveTrade.status).toBe('FILLED');
    expect(fake.orders.countByClientId(id)).toBe(1);
    expect(posts(id)).toHaveLength(1);
  });

  it('does not take "does not exist" for an answer while the order may still be on its way', async () => {
    const id = `late-${kind}`;
    fake.orders.executeButNoAnswer({ clientOrderId: id });
    // Lookups answer -2013 for 1.2 s after the order executed: shorter than the resend window.
    fake.orders.setInvisibleForMs(1200);
    expect(expectData(await live(0, keys.next('live').key, id)).liveTrade.status).toBe('FILLED');
    expect(fake.orders.countByClientId(id)).toBe(1);
    expect(posts(id)).toHaveLength(1);
  });

  it('lets a request with the same id on another instance wait for the pending one and return its order', async () => {
    const id = `twin-${kind}`;
    const { key } = keys.next('live');
    fake.orders.executeButNoAnswer({ clientOrderId: id });
    const results = await Promise.all([live(0, key, id), live(1, key, id)]);
    const [a, b] = results.map((r) => expectData(r).liveTrade);
    expect(a).toEqual(b);
    expect(fake.orders.countByClientId(id)).toBe(1);
    expect(posts(id)).toHaveLength(1);
  });
});
