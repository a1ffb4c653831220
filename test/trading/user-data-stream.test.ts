/**
 * The user data stream's connection over time, against the simulator's WebSocket API: one
 * connection per exchange account; replaced before its maximum age (make-before-break) and on the
 * exchange's serverShutdown notice; and after each new connection the account is reconciled, so a
 * live order's fill still reaches orderUpdates(LIVE).
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../streaming/live-clients.js';
import { fake, useExchangeAndStores } from './exchange-fixture.js';
import { liveEnv } from './live-env.js';
import { freezeMarket, liveTradeMutation, subscribeUpdates, type Order } from './order-clients.js';
import { keyPool } from './trading-keys.js';

useExchangeAndStores();
const keys = keyPool('userdata');
let gateway: TestGateway;
let bid: string;

beforeAll(async () => {
  bid = new Decimal(freezeMarket(fake, 'ETHUSDT').bid).toFixed();
  // Connections live at most 1.5 s here (23 h in production).
  gateway = await startTestGateway({ fake, env: { ...liveEnv, API_KEYS: keys.env, STREAM_MAX_CONNECTION_AGE_MS: '1500', STREAM_RECONNECT_BASE_MS: '20' } });
});
afterAll(() => gateway?.stop());

describe('the user data stream', () => {
  it('is one connection per account, replaced before its maximum age and on serverShutdown, and keeps delivering', async () => {
    const { key } = keys.next('live');
    const updates = await subscribeUpdates(gateway, key, 'LIVE');
    await waitUntil(() => gateway.gateway.services.liveUserData.live().length === 1, 'the user data stream');
    expect(fake.userData.subscriptionCount()).toBe(1);
    const place = async (id: string, ticks: number) =>
      expectData(
        await gateway.execute<{ liveTrade: Order }>(liveTradeMutation, {
          apiKey: key,
          variables: { input: { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', price: new Decimal(bid).minus(ticks / 100).toFixed(), quantity: '0.01', clientOrderId: id } },
        }),
      ).liveTrade;

    // Past the maximum age: a new connection, the old one gone, still one subscription.
    const attemptsBefore = gateway.logLines.length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await waitUntil(() => fake.userData.connectionCount() === 1 && fake.userData.subscriptionCount() === 1, 'one connection after the rotation');
    expect(gateway.logLines.length).toBeGreaterThanOrEqual(attemptsBefore);
    const first = await place('rotated', 10);
    fake.market.printTrade('ETHUSDT', first.price ?? '', '1');
    await updates.waitFor(() => updates.updates().some((u) => u.clientOrderId === 'rotated' && u.event === 'TRADE'));

    fake.userData.announceShutdown();
    const second = await place('after-shutdown', 20);
    fake.market.printTrade('ETHUSDT', second.price ?? '', '1');
    await updates.waitFor(() => updates.updates().some((u) => u.clientOrderId === 'after-shutdown' && u.event === 'TRADE'));
    await waitUntil(() => fake.userData.connectionCount() === 1, 'one connection after the shutdown notice');
    expect(updates.updates().filter((u) => u.clientOrderId === 'after-shutdown').map((u) => u.event)).toEqual(['NEW', 'TRADE']);
    await updates.dispose();
  });
});
