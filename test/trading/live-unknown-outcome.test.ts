/**
 * Live orders whose outcome stays unknown, on both store backends with two gateway instances
 * sharing the store: an order that never arrived is re-sent with the same id, only once timestamp +
 * recvWindow + engine timeout has passed, and an outcome that stays unknown is UPSTREAM_UNAVAILABLE
 * with the id (for a concurrent request with the same id too), which resumes safely later.
 *
 * Windows are shortened by configuration (lost-answer-harness.ts): recvWindow 500 ms, engine timeout 200 ms (+ the placer's
 * 1 s clock tolerance), requests time out after 300 ms, reconciliation gives up after 2.5 s.
 */
import { describe, expect, it } from 'vitest';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { storeKinds } from '../helpers/test-stores.js';
import { engineTimeoutMs, fake, recvWindowMs, useLostAnswerHarness } from './lost-answer-harness.js';
import { keyPool } from './trading-keys.js';

const keys = keyPool('unknown');
const { posts, gatewaysFor } = useLostAnswerHarness(keys);

describe.each(storeKinds)('live orders of unknown outcome with the %s store', (kind) => {
  const { live, auditOf } = gatewaysFor(kind);

  it('re-sends an order that never reached the exchange with the same id, and not before the window has passed', async () => {
    const id = `drop-${kind}`;
    fake.inject('/api/v3/order', { dropConnection: true });
    const order = expectData(await live(1, keys.next('live').key, id)).liveTrade;
    expect(order.status).toBe('FILLED');
    expect(fake.orders.countByClientId(id)).toBe(1);
    const [first, second] = posts(id);
    expect(posts(id)).toHaveLength(2);
    expect(second!.body.newClientOrderId).toBe(id);
    // The lower bound that makes the re-send safe (exchange clock: timestamp + recvWindow + engine timeout).
    expect(second!.at - Number(first!.body.timestamp)).toBeGreaterThanOrEqual(recvWindowMs + engineTimeoutMs);
    expect(auditOf(1, id)).toEqual(['sending', 'unknown', 'sending', 'placed']);
  });

  it('answers UPSTREAM_UNAVAILABLE with the clientOrderId while the outcome stays unknown; the same id later finds the order', async () => {
    const id = `lost-${kind}`;
    const { key } = keys.next('live');
    fake.orders.executeButNoAnswer({ clientOrderId: id });
    // The POST goes through (and executes); every lookup after it fails.
    fake.inject('/api/v3/order', {});
    fake.inject('/api/v3/order', { status: 503, times: 10_000 });
    const pending = live(0, key, id);
    while (posts(id).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // Meanwhile, the same id on the other instance waits for the first request (1 s), then gives up.
    const concurrent = await live(1, key, id);
    expect(errorCode(concurrent)).toBe('UPSTREAM_UNAVAILABLE');
    expect(concurrent.errors?.[0]?.extensions?.clientOrderId).toBe(id);

    const first = await pending;
    expect(errorCode(first)).toBe('UPSTREAM_UNAVAILABLE');
    expect(first.errors?.[0]?.extensions?.clientOrderId).toBe(id);
    expect(auditOf(0, id)).toEqual(['sending', 'unknown', 'unresolved']);

    fake.clearFaults();
    const resumed = expectData(await live(1, key, id)).liveTrade;
    expect(resumed).toMatchObject({ clientOrderId: id, status: 'FILLED' });
    expect(fake.orders.countByClientId(id)).toBe(1);
    expect(posts(id)).toHaveLength(1);
    expect(auditOf(1, id)).toEqual(['reconciled']);
  });

});
