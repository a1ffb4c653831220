/**
 * Live orders after placement, against the simulator, on both stores with two gateway instances:
 * orderUpdates(LIVE) from the exchange's user data stream (one connection per account, whichever
 * instance holds it) tells NEW, TRADE and CANCELED to the order's key only, also for a cancel made
 * outside the gateway and for a fill during a user-data outage (reconciled over REST after the
 * reconnect); cancelLiveOrder is idempotent, NOT_FOUND for ids the key never used, and resolves a
 * lost answer by looking the order up; LiveAccount shows the exchange account and the key's orders.
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds } from '../helpers/test-stores.js';
import { waitUntil } from '../streaming/live-clients.js';
import { fake, useExchangeAndStores } from './exchange-fixture.js';
import { liveEnv } from './live-env.js';
import {
  cancelLiveMutation,
  cancelLiveOpenMutation,
  freezeMarket,
  liveAccountQuery,
  liveTradeMutation,
  subscribeUpdates,
  type AccountView,
  type Order,
} from './order-clients.js';
import { keyPool } from './trading-keys.js';

const stores = useExchangeAndStores();
const keys = keyPool('lifecycle');

describe.each(storeKinds)('live order lifecycle with the %s store, two instances', (kind) => {
  let a: TestGateway;
  let b: TestGateway;
  let bid: string;

  beforeAll(async () => {
    bid = new Decimal(freezeMarket(fake, 'ETHUSDT').bid).toFixed();
    const store = await stores.create(kind);
    const env = { ...liveEnv, API_KEYS: keys.env, STREAM_RECONNECT_BASE_MS: '20', STREAM_RECONNECT_MAX_MS: '100', STREAM_LOCK_TTL_MS: '2000' };
    [a, b] = await Promise.all([startTestGateway({ fake, store, env }), startTestGateway({ fake, store, env })]);
  });
  afterAll(() => Promise.all([a?.stop(), b?.stop()]));

  const below = (ticks: number) => new Decimal(bid).minus(new Decimal(ticks).times('0.01')).toFixed();
  const place = async (gateway: TestGateway, apiKey: string, input: Record<string, unknown>) =>
    expectData(await gateway.execute<{ liveTrade: Order }>(liveTradeMutation, { apiKey, variables: { input: { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', ...input } } })).liveTrade;
  const cancel = (gateway: TestGateway, apiKey: string, id: string) => gateway.execute<{ cancelLiveOrder: Order }>(cancelLiveMutation, { apiKey, variables: { symbol: 'ETHUSDT', id } });
  const account = async (gateway: TestGateway, apiKey: string, variables: { symbol?: string; id?: string } = {}) =>
    expectData(await gateway.execute<{ liveAccount: AccountView }>(liveAccountQuery, { apiKey, variables: { id: '-', ...variables } })).liveAccount;
  const streamLive = () => waitUntil(() => a.gateway.services.liveUserData.live().length + b.gateway.services.liveUserData.live().length === 1, 'one user data stream');
  const sim = (id: string) => fake.accounts.orders().find((o) => o.clientOrderId === id || o.orderId === Number(id));

  it('tells NEW, then TRADE when the exchange fills the order, over the instance that does not hold the stream too', async () => {
    const { key } = keys.next('live');
    const other = keys.next('live');
    const onA = await subscribeUpdates(a, key, 'LIVE', 'sse');
    const onB = await subscribeUpdates(b, key, 'LIVE', 'ws');
    const stranger = await subscribeUpdates(b, other.key, 'LIVE');
    await streamLive();
    const price = below(20);
    const placed = await place(a, key, { price, clientOrderId: `fill-${kind}` });
    expect(placed).toMatchObject({ mode: 'LIVE', status: 'NEW', price: expect.stringMatching(new RegExp(`^${price}`)) as unknown, timeInForce: 'GTC' });
    fake.market.printTrade('ETHUSDT', price, '1');
    for (const subscriber of [onA, onB]) {
      await subscriber.waitFor(() => subscriber.updates().some((u) => u.event === 'TRADE'));
      expect(subscriber.updates().map((u) => u.event)).toEqual(['NEW', 'TRADE']);
      expect(subscriber.updates()[1]).toMatchObject({ status: 'FILLED', fill: { quantity: '0.01000000', commissionAsset: 'ETH' } });
    }
    const seen = await account(b, key, { id: `fill-${kind}` });
    expect(seen.one).toMatchObject({ status: 'FILLED', executedQuantity: '0.01000000', fills: [{ quantity: '0.01000000' }] });
    expect(new Decimal(seen.one?.averagePrice ?? '0').eq(price)).toBe(true);
    expect(stranger.updates()).toEqual([]);
    await Promise.all([onA.dispose(), onB.dispose(), stranger.dispose()]);
  });

  it('cancels a resting order (idempotent), answers NOT_FOUND for ids the key never used, and tells CANCELED', async () => {
    const { key } = keys.next('live');
    const other = keys.next('live');
    const updates = await subscribeUpdates(b, key, 'LIVE');
    await streamLive();
    const id = `cxl-${kind}`;
    await place(a, key, { price: below(30), clientOrderId: id });
    const canceled = expectData(await cancel(b, key, id)).cancelLiveOrder;
    expect(canceled).toMatchObject({ clientOrderId: id, status: 'CANCELED', executedQuantity: '0.00000000' });
    expect(sim(canceled.exchangeOrderId ?? '')?.status).toBe('CANCELED');
    expect(expectData(await cancel(a, key, id)).cancelLiveOrder).toMatchObject({ clientOrderId: id, status: 'CANCELED' });
    expect(errorCode(await cancel(a, key, 'never-used'))).toBe('NOT_FOUND');
    expect(errorCode(await cancel(a, other.key, id))).toBe('NOT_FOUND');
    await updates.waitFor(() => updates.updates().some((u) => u.event === 'CANCELED'));
    expect(updates.updates().map((u) => u.event)).toEqual(['NEW', 'CANCELED']);
    await updates.dispose();
  });

  it('resolves a lost cancel answer by looking the order up', async () => {
    const { key } = keys.next('live');
    const id = `lost-${kind}`;
    const placed = await place(a, key, { price: below(40), clientOrderId: id });
    fake.orders.cancelButNoAnswer({ clientOrderId: id, as503: true });
    const canceled = expectData(await cancel(a, key, id)).cancelLiveOrder;
    expect(canceled).toMatchObject({ clientOrderId: id, exchangeOrderId: placed.exchangeOrderId, status: 'CANCELED' });
    expect(sim(placed.exchangeOrderId ?? '')?.status).toBe('CANCELED');
  });

  it('tells a cancel made outside the gateway, and a fill that happened while the user data stream was down', async () => {
    const { key } = keys.next('live');
    const updates = await subscribeUpdates(a, key, 'LIVE');
    await streamLive();
    const outside = await place(a, key, { price: below(50), clientOrderId: `out-${kind}` });
    fake.accounts.cancelOrder('ETHUSDT', Number(outside.exchangeOrderId));
    await updates.waitFor(() => updates.updates().some((u) => u.clientOrderId === `out-${kind}` && u.event === 'CANCELED'));

    const price = below(60);
    await place(b, key, { price, clientOrderId: `gap-${kind}` });
    await updates.waitFor(() => updates.updates().some((u) => u.clientOrderId === `gap-${kind}`));
    fake.userData.dropConnections();
    // Filled while no user data connection is up: no executionReport reaches the gateway.
    fake.market.printTrade('ETHUSDT', price, '1');
    await updates.waitFor(() => updates.updates().some((u) => u.clientOrderId === `gap-${kind}` && u.event === 'TRADE'));
    expect(updates.updates().filter((u) => u.clientOrderId === `gap-${kind}`).map((u) => u.event)).toEqual(['NEW', 'TRADE']);
    expect(updates.updates().find((u) => u.event === 'TRADE' && u.clientOrderId === `gap-${kind}`)).toMatchObject({ status: 'FILLED', fill: { quantity: '0.01000000' } });
    await updates.dispose();
  });

  it('shows the exchange account, the key’s open orders and its orders, and cancels all of them on a symbol', async () => {
    const { key } = keys.next('live');
    const other = keys.next('live');
    await place(a, key, { price: below(70), clientOrderId: `acct-1-${kind}` });
    await place(a, key, { price: below(71), clientOrderId: `acct-2-${kind}` });
    await place(a, other.key, { price: below(72), clientOrderId: `acct-x-${kind}` });
    const view = await account(b, key, { symbol: 'ETHUSDT', id: `acct-1-${kind}` });
    expect(view.canTrade).toBe(true);
    const eth = fake.accounts.balances().find((row) => row.asset === 'ETH');
    expect(view.balances).toContainEqual({ asset: 'ETH', free: eth?.free, locked: eth?.locked });
    expect(view.open.map((o) => o.clientOrderId)).toEqual([`acct-2-${kind}`, `acct-1-${kind}`]);
    expect(view.orders.map((o) => o.clientOrderId)).toEqual([`acct-2-${kind}`, `acct-1-${kind}`]);
    expect(view.one).toMatchObject({ clientOrderId: `acct-1-${kind}`, status: 'NEW' });
    const all = expectData(await b.execute<{ cancelLiveOpenOrders: Order[] }>(cancelLiveOpenMutation, { apiKey: key, variables: { symbol: 'ETHUSDT' } }));
    expect(all.cancelLiveOpenOrders.map((o) => o.clientOrderId).sort()).toEqual([`acct-1-${kind}`, `acct-2-${kind}`]);
    expect(sim(`acct-x-${kind}`)?.status).toBe('NEW');
    expect((await account(a, key, { symbol: 'ETHUSDT' })).open).toEqual([]);
  });
});
