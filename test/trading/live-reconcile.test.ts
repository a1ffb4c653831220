/**
 * Live orders whose answer is lost, on both store backends with two gateway instances sharing the
 * store: an order the exchange executes but never answers (or answers 503) is found by its client
 * id and the exchange sees exactly one order; "does not exist" is not trusted before timestamp +
 * recvWindow + engine timeout; a second request with the same id waits for the first one's order.
 *
 * Windows are shortened by configuration: recvWindow 500 ms, engine timeout 200 ms (+ the placer's
 * 1 s clock tolerance), requests time out after 300 ms, reconciliation gives up after 2.5 s.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';
import { liveEnv, liveMutation, type LiveOrder } from './live-env.js';
import { keyPool } from './trading-keys.js';

const recvWindowMs = 500;
const engineTimeoutMs = 200;
const env = {
  ...liveEnv,
  BINANCE_TIMEOUT_MS: '300',
  BINANCE_RECV_WINDOW_MS: String(recvWindowMs),
  LIVE_ORDER_ENGINE_TIMEOUT_MS: String(engineTimeoutMs),
  LIVE_ORDER_RECONCILE_TIMEOUT_MS: '2500',
  LIVE_ORDER_PENDING_WAIT_MS: '1000',
};

const stores = new TestStores();
const keys = keyPool('recon');
let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange();
});

afterAll(async () => {
  await stores.closeAll();
  await fake.close();
});

/** The POST /api/v3/order requests the fake saw for this client order id. */
const posts = (clientOrderId: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order' && r.body.newClientOrderId === clientOrderId);

describe.each(storeKinds)('live order reconciliation with the %s store', (kind) => {
  let gateways: TestGateway[];

  beforeAll(async () => {
    const store = await stores.create(kind);
    const fullEnv = { ...env, API_KEYS: keys.env };
    gateways = [await startTestGateway({ fake, store, env: fullEnv }), await startTestGateway({ fake, store, env: fullEnv })];
  });
  afterAll(() => Promise.all(gateways.map((g) => g.stop())));
  beforeEach(() => {
    fake.clearFaults();
    fake.orders.setInvisibleForMs(0);
    fake.orders.setPrice('BTCUSDT', '64000');
  });

  const live = (gateway: number, apiKey: string, clientOrderId: string) =>
    gateways[gateway]!.execute<{ liveTrade: LiveOrder }>(liveMutation, {
      apiKey,
      variables: { input: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId } },
    });
  const auditOf = (gateway: number, clientOrderId: string) =>
    gateways[gateway]!.logLines.map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((l) => l.audit === 'live-order' && l.clientOrderId === clientOrderId)
      .map((l) => l.outcome);

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
