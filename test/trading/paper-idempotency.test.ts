/**
 * The paper ledger under concurrency, on both store backends, with two gateway instances sharing
 * one store: the same clientOrderId twice (in turn or at once) returns the first order and changes
 * nothing, and concurrent trades can never overspend.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { errorCode, expectData, type GraphQLResponse } from '../helpers/graphql-client.js';
import { storeKinds } from '../helpers/test-stores.js';
import { fake, twoGatewaysOnOneStore, useExchangeAndStores } from './exchange-fixture.js';
import { quoteShows } from './order-clients.js';
import { keyPool } from './trading-keys.js';

const tradeMutation = `mutation Trade($input: TradeInput!) {
  trade(input: $input) { clientOrderId status quantity quoteQuantity createdAt fills { price quantity commission } }
}`;
const accountQuery = '{ paperAccount { balances { asset free locked } orders(limit: 500) { clientOrderId quantity } } }';

interface TradeData {
  trade: { clientOrderId: string; status: string; quantity: string; quoteQuantity: string; createdAt: string };
}

const stores = useExchangeAndStores();
const keys = keyPool('idem');

describe.each(storeKinds)('paper idempotency and concurrency with the %s store', (kind) => {
  // Two instances on one store, as behind a load balancer.
  const gateways = twoGatewaysOnOneStore(stores, kind, { API_KEYS: keys.env, TRADING_PRICE_MAX_AGE_MS: '0' });
  // Pinned a tick below the round figure: the best ask, where a MARKET BUY fills, is 64000.
  beforeEach(async () => {
    fake.orders.setPrice('BTCUSDT', '63999.99');
    await Promise.all(gateways.map((gateway) => quoteShows(gateway, 'BTCUSDT', '64000')));
  });

  const send = (i: number, apiKey: string, input: Record<string, unknown>) =>
    gateways[i % 2]!.execute<TradeData>(tradeMutation, { apiKey, variables: { input } });
  const account = async (apiKey: string) =>
    expectData(await gateways[0]!.execute<{ paperAccount: { balances: unknown[]; orders: { clientOrderId: string; quantity: string }[] } }>(accountQuery, { apiKey }))
      .paperAccount;

  it('answers a repeated clientOrderId with the first order and changes nothing', async () => {
    const { key } = keys.next();
    const first = expectData(await send(0, key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01', clientOrderId: 'same-1' })).trade;
    fake.orders.setPrice('BTCUSDT', '70000');
    // Another instance, another price, even other input: still the first order.
    const again = expectData(await send(1, key, { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.005', clientOrderId: 'same-1' })).trade;
    expect(again).toEqual(first);
    expect(await account(key)).toEqual({
      balances: [
        { asset: 'BTC', free: '0.00999', locked: '0' },
        { asset: 'USDT', free: '9360', locked: '0' },
      ],
      orders: [{ clientOrderId: 'same-1', quantity: '0.01' }],
    });
  });

  it('answers a repeated id even when the same input would now break a filter', async () => {
    const { key } = keys.next();
    const first = expectData(await send(0, key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.0001', clientOrderId: 'edge-1' })).trade;
    fake.orders.setPrice('BTCUSDT', '40000'); // 0.0001 × 40000 = 4 < minNotional 5
    expect(expectData(await send(1, key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.0001', clientOrderId: 'edge-1' })).trade).toEqual(first);
  });

  it('places one order for two concurrent requests with the same clientOrderId', async () => {
    const { key } = keys.next();
    const input = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.02', clientOrderId: 'race-1' };
    const results = await Promise.all([send(0, key, input), send(1, key, input), send(0, key, input), send(1, key, input)]);
    const orders = results.map((r) => expectData(r).trade);
    for (const order of orders) expect(order).toEqual(orders[0]);
    expect(await account(key)).toEqual({
      balances: [
        { asset: 'BTC', free: '0.01998', locked: '0' },
        { asset: 'USDT', free: '8720', locked: '0' },
      ],
      orders: [{ clientOrderId: 'race-1', quantity: '0.02' }],
    });
  });

  it('never overspends: of 8 concurrent buys that each cost a fifth of the balance, exactly 5 fill', async () => {
    const { key } = keys.next();
    // 0.03125 × 64000 = 2000 USDT each, from 10000.
    const results: GraphQLResponse<TradeData>[] = await Promise.all(
      Array.from({ length: 8 }, (_, i) => send(i, key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.03125', clientOrderId: `spend-${i}` })),
    );
    const filled = results.filter((r) => r.data?.trade.status === 'FILLED');
    const refused = results.filter((r) => errorCode(r) === 'INSUFFICIENT_BALANCE');
    expect([filled.length, refused.length]).toEqual([5, 3]);
    const { balances, orders } = await account(key);
    expect(balances).toEqual([
      { asset: 'BTC', free: '0.15609375', locked: '0' },
      { asset: 'USDT', free: '0', locked: '0' },
    ]);
    expect(orders.map((o) => o.clientOrderId).sort()).toEqual(filled.map((r) => r.data?.trade.clientOrderId).sort());
  });

  it('keeps concurrent trades of one account on different symbols all in the ledger', async () => {
    const { key } = keys.next();
    fake.orders.setPrice('ETHUSDT', '3199.99');
    await Promise.all(gateways.map((gateway) => quoteShows(gateway, 'ETHUSDT', '3200')));
    const inputs = [
      { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01' },
      { symbol: 'ETHUSDT', side: 'BUY', quantity: '0.5' },
      { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.02' },
      { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', price: '3000', quantity: '1' },
    ];
    const results = await Promise.all(inputs.map((input, i) => send(i, key, input)));
    results.forEach((r) => expectData(r));
    // 10000 − 640 − 1600 − 1000 (locked) − 3000 (locked) = 3760 free
    expect((await account(key)).balances).toEqual([
      { asset: 'BTC', free: '0.00999', locked: '0' },
      { asset: 'ETH', free: '0.4995', locked: '0' },
      { asset: 'USDT', free: '3760', locked: '4000' },
    ]);
  });
});
