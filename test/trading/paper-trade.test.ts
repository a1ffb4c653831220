/**
 * Paper trading over real HTTP against the fake exchange, on both store backends: MARKET fills by
 * quantity and by quote amount at the best ask or bid, LIMIT orders that fill at once, rest with
 * locked funds and fill when the market trades at their price, commission and balances, all with
 * exact decimal expectations. The simulator's price is pinned: the market trades at P, its book
 * shows P − 0.01 and P + 0.01.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds } from '../helpers/test-stores.js';
import { fake, useExchangeAndStores } from './exchange-fixture.js';
import { paperAccount, quoteShows } from './order-clients.js';
import { keyPool } from './trading-keys.js';

const tradeMutation = `mutation Trade($input: TradeInput!) {
  trade(input: $input) {
    mode symbol clientOrderId exchangeOrderId side type status price quantity executedQuantity quoteQuantity createdAt
    fills { price quantity commission commissionAsset }
  }
}`;
const accountQuery = `query Account($limit: Int) {
  paperAccount { balances { asset free locked } orders(limit: $limit) { clientOrderId status side type price quantity executedQuantity quoteQuantity fills { price quantity commission commissionAsset } } }
}`;

interface Balance {
  asset: string;
  free: string;
  locked: string;
}
interface Order {
  clientOrderId: string;
  status: string;
  price: string | null;
  quantity: string;
  executedQuantity: string;
  quoteQuantity: string;
  fills: { price: string; quantity: string; commission: string; commissionAsset: string }[];
  [field: string]: unknown;
}

const stores = useExchangeAndStores();
const keys = keyPool('paper');

describe.each(storeKinds)('paper trading with the %s store', (kind) => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({
      fake,
      store: await stores.create(kind),
      env: { API_KEYS: keys.env, TRADING_PRICE_MAX_AGE_MS: '0', PAPER_BALANCES: 'USDT:10000' },
    });
  });
  afterAll(() => gateway.stop());
  beforeEach(async () => {
    fake.orders.setPrice('BTCUSDT', '64000');
    await quoteShows(gateway, 'BTCUSDT', '64000.01');
  });

  const trade = async (apiKey: string, input: Record<string, unknown>) =>
    expectData(await gateway.execute<{ trade: Order }>(tradeMutation, { apiKey, variables: { input } })).trade;
  /** Waits (up to 2 s) until the matching engine filled the order. */
  const filled = async (apiKey: string, id: string): Promise<void> => {
    const deadline = Date.now() + 2000;
    while ((await paperAccount(gateway, apiKey, { id })).one?.status !== 'FILLED') {
      if (Date.now() > deadline) throw new Error(`${id} did not fill`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const account = async (apiKey: string, limit?: number) =>
    expectData(await gateway.execute<{ paperAccount: { balances: Balance[]; orders: Order[] } }>(accountQuery, { apiKey, variables: { limit } }))
      .paperAccount;

  it('starts a new account from PAPER_BALANCES', async () => {
    const { key } = keys.next();
    expect(await account(key)).toEqual({ balances: [{ asset: 'USDT', free: '10000', locked: '0' }], orders: [] });
  });

  it('fills a MARKET BUY by quantity at the best ask, commission in the base asset', async () => {
    const { key } = keys.next();
    const order = await trade(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01', clientOrderId: 'buy-1' });
    expect(order).toEqual({
      mode: 'PAPER', symbol: 'BTCUSDT', clientOrderId: 'buy-1', exchangeOrderId: null, side: 'BUY', type: 'MARKET',
      status: 'FILLED', price: null, quantity: '0.01', executedQuantity: '0.01', quoteQuantity: '640.0001',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      fills: [{ price: '64000.01', quantity: '0.01', commission: '0.00001', commissionAsset: 'BTC' }],
    });
    expect((await account(key)).balances).toEqual([
      { asset: 'BTC', free: '0.00999', locked: '0' },
      { asset: 'USDT', free: '9359.9999', locked: '0' },
    ]);
  });

  it('fills a MARKET SELL at the best bid, commission in the quote asset, exact to the last digit', async () => {
    const { key } = keys.next();
    await trade(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01' });
    fake.orders.setPrice('BTCUSDT', '65000.53');
    await quoteShows(gateway, 'BTCUSDT', '65000.54');
    const sell = await trade(key, { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.00555' });
    // 0.00555 × 65000.52 = 360.752886; commission 0.1% = 0.360752886
    expect(sell).toMatchObject({ status: 'FILLED', quoteQuantity: '360.752886' });
    expect(sell.fills).toEqual([{ price: '65000.52', quantity: '0.00555', commission: '0.360752886', commissionAsset: 'USDT' }]);
    expect((await account(key)).balances).toEqual([
      { asset: 'BTC', free: '0.00444', locked: '0' },
      { asset: 'USDT', free: '9720.392033114', locked: '0' },
    ]);
  });

  it('derives a MARKET order quantity from quoteQuantity, rounded down to the step', async () => {
    const { key } = keys.next();
    const order = await trade(key, { symbol: 'BTCUSDT', side: 'BUY', quoteQuantity: '100' });
    // 100 / 64000.01 = 0.00156249… → 0.00156 (stepSize 0.00001); it costs 99.8400156
    expect(order).toMatchObject({ quantity: '0.00156', executedQuantity: '0.00156', quoteQuantity: '99.8400156' });
    expect(order.fills[0]?.commission).toBe('0.00000156');
    expect((await account(key)).balances).toEqual([
      { asset: 'BTC', free: '0.00155844', locked: '0' },
      { asset: 'USDT', free: '9900.1599844', locked: '0' },
    ]);
  });

  it('fills a marketable LIMIT order at once, at the best ask', async () => {
    const { key } = keys.next();
    const order = await trade(key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '65000', quantity: '0.01' });
    expect(order).toMatchObject({ type: 'LIMIT', status: 'FILLED', price: '65000', quoteQuantity: '640.0001' });
    expect(order.fills).toEqual([{ price: '64000.01', quantity: '0.01', commission: '0.00001', commissionAsset: 'BTC' }]);
  });

  it('rests a LIMIT BUY with its funds locked and fills it at its price once the market trades through it', async () => {
    const { key } = keys.next();
    const resting = await trade(key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '60000', quantity: '0.01', clientOrderId: 'rest-1' });
    expect(resting).toMatchObject({ status: 'NEW', executedQuantity: '0', quoteQuantity: '0', fills: [] });
    expect((await account(key)).balances).toEqual([{ asset: 'USDT', free: '9400', locked: '600' }]);

    fake.orders.setPrice('BTCUSDT', '59999.99');
    await filled(key, 'rest-1');
    const after = await account(key);
    expect(after.balances).toEqual([
      { asset: 'BTC', free: '0.00999', locked: '0' },
      { asset: 'USDT', free: '9400', locked: '0' },
    ]);
    expect(after.orders).toEqual([
      expect.objectContaining({
        clientOrderId: 'rest-1', status: 'FILLED', executedQuantity: '0.01', quoteQuantity: '600',
        fills: [{ price: '60000', quantity: '0.01', commission: '0.00001', commissionAsset: 'BTC' }],
      }),
    ]);
  });

  it('rests a LIMIT SELL with the base asset locked and fills it at its price when the market trades above it', async () => {
    const { key } = keys.next();
    await trade(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.02' });
    await trade(key, { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: '70000', quantity: '0.01', clientOrderId: 'ask-1' });
    expect((await account(key)).balances).toContainEqual({ asset: 'BTC', free: '0.00998', locked: '0.01' });
    fake.orders.setPrice('BTCUSDT', '70000.01');
    await filled(key, 'ask-1');
    await quoteShows(gateway, 'BTCUSDT', '70000.02');
    await trade(key, { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.005' });
    const { balances, orders } = await account(key);
    // 10000 − 1280.0002 + 0.01 × 70000 × 0.999 (699.3) + 0.005 × 70000 (the bid) × 0.999 (349.65)
    expect(balances).toEqual([
      { asset: 'BTC', free: '0.00498', locked: '0' },
      { asset: 'USDT', free: '9768.9498', locked: '0' },
    ]);
    expect(orders.find((o) => o.clientOrderId === 'ask-1')).toMatchObject({ status: 'FILLED', quoteQuantity: '700' });
  });

  it('expires an IOC LIMIT order that is not marketable, changing nothing', async () => {
    const { key } = keys.next();
    const order = await trade(key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price: '60000', quantity: '0.01' });
    expect(order).toMatchObject({ status: 'EXPIRED', executedQuantity: '0' });
    expect((await account(key)).balances).toEqual([{ asset: 'USDT', free: '10000', locked: '0' }]);
  });

  it('refuses what the account cannot pay with INSUFFICIENT_BALANCE and changes nothing', async () => {
    const { key } = keys.next();
    const tooBig = await gateway.execute(tradeMutation, { apiKey: key, variables: { input: { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.2' } } });
    expect(errorCode(tooBig)).toBe('INSUFFICIENT_BALANCE');
    expect(tooBig.errors?.[0]?.message).toContain('needs 12800.002, 10000 is free');
    const noBase = await gateway.execute(tradeMutation, { apiKey: key, variables: { input: { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.001' } } });
    expect(errorCode(noBase)).toBe('INSUFFICIENT_BALANCE');
    // A resting BUY needs its whole quantity × price free.
    const limit = await gateway.execute(tradeMutation, {
      apiKey: key,
      variables: { input: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.2001' } },
    });
    expect(errorCode(limit)).toBe('INSUFFICIENT_BALANCE');
    expect(await account(key)).toEqual({ balances: [{ asset: 'USDT', free: '10000', locked: '0' }], orders: [] });
  });

  it('lists orders newest first, as many as limit asks, and refuses a limit out of bounds', async () => {
    const { key } = keys.next();
    for (const id of ['o-1', 'o-2', 'o-3']) await trade(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.001', clientOrderId: id });
    expect((await account(key)).orders.map((o) => o.clientOrderId)).toEqual(['o-3', 'o-2', 'o-1']);
    expect((await account(key, 2)).orders.map((o) => o.clientOrderId)).toEqual(['o-3', 'o-2']);
    expect(errorCode(await gateway.execute(accountQuery, { apiKey: key, variables: { limit: 0 } }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gateway.execute(accountQuery, { apiKey: key, variables: { limit: 501 } }))).toBe('BAD_USER_INPUT');
  });

  it('keeps one account per API key', async () => {
    const first = keys.next();
    const second = keys.next();
    await trade(first.key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01' });
    expect(await account(second.key)).toEqual({ balances: [{ asset: 'USDT', free: '10000', locked: '0' }], orders: [] });
  });
});

describe('paper trading configuration', () => {
  it('charges PAPER_COMMISSION_RATE and starts from every PAPER_BALANCES asset', async () => {
    const gateway = await startTestGateway({
      fake,
      env: { API_KEYS: keys.env, TRADING_PRICE_MAX_AGE_MS: '0', PAPER_BALANCES: 'USDT:500,BTC:1.5', PAPER_COMMISSION_RATE: '0.0025' },
    });
    try {
      const { key } = keys.next();
      fake.orders.setPrice('BTCUSDT', '64000');
      await quoteShows(gateway, 'BTCUSDT', '64000.01');
      const sell = expectData(
        await gateway.execute<{ trade: Order }>(tradeMutation, { apiKey: key, variables: { input: { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.5' } } }),
      ).trade;
      // 0.5 × 63999.99 (the best bid) = 31999.995; commission 0.25% = 79.9999875
      expect(sell.fills).toEqual([{ price: '63999.99', quantity: '0.5', commission: '79.9999875', commissionAsset: 'USDT' }]);
      const data = expectData(await gateway.execute<{ paperAccount: { balances: Balance[] } }>(accountQuery, { apiKey: key }));
      expect(data.paperAccount.balances).toEqual([
        { asset: 'BTC', free: '1', locked: '0' },
        { asset: 'USDT', free: '32419.9950125', locked: '0' },
      ]);
    } finally {
      await gateway.stop();
    }
  });
});
