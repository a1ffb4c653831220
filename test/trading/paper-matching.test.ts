/**
 * The paper matching engine against the simulator's live market, on both stores: a resting LIMIT
 * fills at its price once a trade prints at or through it (and only then), with no client connected;
 * stop orders trigger on the last trade price and then work as a LIMIT; funds are locked while an
 * order rests and released by a fill or a cancel; orderUpdates tells NEW, TRIGGERED, TRADE, CANCELED
 * and EXPIRED in order, over SSE and graphql-ws, to the order's own key only.
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds } from '../helpers/test-stores.js';
import { waitUntil } from '../streaming/live-clients.js';
import { fake, useExchangeAndStores } from './exchange-fixture.js';
import {
  cancelMutation,
  cancelOpenMutation,
  cancelPaper,
  freezeMarket,
  paperAccount,
  placePaper,
  quoteShows,
  subscribeUpdates,
  type Order,
} from './order-clients.js';
import { keyPool } from './trading-keys.js';

const stores = useExchangeAndStores();
const keys = keyPool('match');

describe.each(storeKinds)('paper matching with the %s store', (kind) => {
  let gateway: TestGateway;
  let top: { bid: string; ask: string };

  beforeAll(async () => {
    const frozen = freezeMarket(fake, 'BTCUSDT');
    top = { bid: new Decimal(frozen.bid).toFixed(), ask: new Decimal(frozen.ask).toFixed() };
    gateway = await startTestGateway({
      fake,
      store: await stores.create(kind),
      env: { API_KEYS: keys.env, TRADING_PRICE_MAX_AGE_MS: '0', PAPER_BALANCES: 'USDT:10000,BTC:1' },
    });
    await quoteShows(gateway, 'BTCUSDT', top.ask);
  });
  afterAll(() => gateway.stop());

  const below = (ticks: number) => new Decimal(top.bid).minus(new Decimal(ticks).times('0.01')).toFixed();
  const above = (ticks: number) => new Decimal(top.ask).plus(new Decimal(ticks).times('0.01')).toFixed();

  it('fills a MARKET BUY at the best ask and a MARKET SELL at the best bid', async () => {
    const { key } = keys.next();
    const buy = await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01' });
    expect(buy).toMatchObject({ status: 'FILLED', averagePrice: top.ask, fills: [{ price: top.ask, quantity: '0.01', commissionAsset: 'BTC' }] });
    const sell = await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01' });
    expect(sell).toMatchObject({ status: 'FILLED', fills: [{ price: top.bid, quantity: '0.01', commissionAsset: 'USDT' }] });
  });

  it('rests a LIMIT BUY with its funds locked, untouched by trades above it, and fills it at its price on the first trade at it, with nobody connected', async () => {
    const { key } = keys.next();
    const price = below(50);
    const resting = await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: '0.01', clientOrderId: 'rest-1' });
    expect(resting).toMatchObject({ status: 'NEW', timeInForce: 'GTC', averagePrice: null, fills: [] });
    const locked = new Decimal(price).times('0.01').toFixed();
    const free = new Decimal(10000).minus(locked).toFixed();
    expect((await paperAccount(gateway, key)).balances).toContainEqual({ asset: 'USDT', free, locked });
    await waitUntil(() => gateway.gateway.services.paperEngine.matching().includes('BTCUSDT'), 'matching of BTCUSDT to start');
    fake.market.printTrade('BTCUSDT', below(10), '0.5');
    fake.market.printTrade('BTCUSDT', below(49), '0.5');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await paperAccount(gateway, key, { id: 'rest-1' })).one?.status).toBe('NEW');
    fake.market.printTrade('BTCUSDT', price, '0.5');
    let after = await paperAccount(gateway, key, { id: 'rest-1' });
    const deadline = Date.now() + 1000;
    while (after.one?.status !== 'FILLED' && Date.now() < deadline) after = await paperAccount(gateway, key, { id: 'rest-1' });
    expect(after.one).toMatchObject({ status: 'FILLED', executedQuantity: '0.01', averagePrice: price, fills: [{ price, quantity: '0.01', commission: '0.00001', commissionAsset: 'BTC' }] });
    expect(after.balances).toEqual([
      { asset: 'BTC', free: '1.00999', locked: '0' },
      { asset: 'USDT', free, locked: '0' },
    ]);
    expect(after.open).toEqual([]);
  });

  it('tells NEW, TRADE and CANCELED over SSE and graphql-ws, in order, to the key that placed the orders only', async () => {
    const { key } = keys.next();
    const other = keys.next();
    const sse = await subscribeUpdates(gateway, key, 'PAPER', 'sse');
    const ws = await subscribeUpdates(gateway, key, 'PAPER', 'ws');
    const stranger = await subscribeUpdates(gateway, other.key, 'PAPER', 'sse');
    const price = below(60);
    await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: '0.002', clientOrderId: 'u-rest' });
    await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: above(60), quantity: '0.002', clientOrderId: 'u-cancel' });
    await waitUntil(() => gateway.gateway.services.paperEngine.matching().includes('BTCUSDT'), 'matching of BTCUSDT');
    const printed = Date.now();
    fake.market.printTrade('BTCUSDT', price, '1');
    const canceled = await cancelPaper(gateway, key, 'BTCUSDT', 'u-cancel');
    expect(canceled.status).toBe('CANCELED');
    // Idempotent: once more, unchanged.
    expect(await cancelPaper(gateway, key, 'BTCUSDT', 'u-cancel')).toEqual(canceled);
    for (const subscriber of [sse, ws]) {
      await subscriber.waitFor(() => subscriber.updates().length >= 4);
      const updates = subscriber.updates();
      expect(updates.filter((u) => u.clientOrderId === 'u-rest').map((u) => u.event)).toEqual(['NEW', 'TRADE']);
      expect(updates.filter((u) => u.clientOrderId === 'u-cancel').map((u) => u.event)).toEqual(['NEW', 'CANCELED']);
      expect(updates.find((u) => u.event === 'TRADE')).toMatchObject({ status: 'FILLED', fill: { price, quantity: '0.002', commissionAsset: 'BTC' } });
    }
    expect(Date.now() - printed).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stranger.updates()).toEqual([]);
    await Promise.all([sse.dispose(), ws.dispose(), stranger.dispose()]);
  });

  it('cancels every open order of a symbol at once, and answers NOT_FOUND for an id the key never used', async () => {
    const { key } = keys.next();
    for (const id of ['all-1', 'all-2']) await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: below(70), quantity: '0.001', clientOrderId: id });
    const result = expectData(await gateway.execute<{ cancelOpenOrders: Order[] }>(cancelOpenMutation, { apiKey: key, variables: { symbol: 'BTCUSDT' } }));
    expect(result.cancelOpenOrders.map((o) => [o.clientOrderId, o.status]).sort()).toEqual([['all-1', 'CANCELED'], ['all-2', 'CANCELED']]);
    expect((await paperAccount(gateway, key)).balances).toContainEqual({ asset: 'USDT', free: '10000', locked: '0' });
    const missing = await gateway.execute(cancelMutation, { apiKey: key, variables: { symbol: 'BTCUSDT', id: 'never-used' } });
    expect(errorCode(missing)).toBe('NOT_FOUND');
    // Another key's id is not this key's.
    const other = keys.next();
    expect(errorCode(await gateway.execute(cancelMutation, { apiKey: other.key, variables: { symbol: 'BTCUSDT', id: 'all-1' } }))).toBe('NOT_FOUND');
  });

  it('triggers a STOP_LOSS_LIMIT SELL on the last trade price; then, as a LIMIT, it rests until a trade reaches it', async () => {
    const { key } = keys.next();
    const updates = await subscribeUpdates(gateway, key, 'PAPER');
    const stop = below(80);
    const limit = above(10);
    const placed = await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', stopPrice: stop, price: limit, quantity: '0.01', clientOrderId: 'stop-1' });
    expect(placed).toMatchObject({ status: 'NEW', stopPrice: stop, price: limit, timeInForce: 'GTC' });
    expect((await paperAccount(gateway, key)).balances).toContainEqual({ asset: 'BTC', free: '0.99', locked: '0.01' });
    await waitUntil(() => gateway.gateway.services.paperEngine.matching().includes('BTCUSDT'), 'matching of BTCUSDT');
    fake.market.printTrade('BTCUSDT', below(79), '0.1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(updates.updates().map((u) => u.event)).toEqual(['NEW']);
    fake.market.printTrade('BTCUSDT', stop, '0.1');
    await updates.waitFor(() => updates.updates().some((u) => u.event === 'TRIGGERED'));
    expect((await paperAccount(gateway, key, { id: 'stop-1' })).open.map((o) => o.clientOrderId)).toEqual(['stop-1']);
    fake.market.printTrade('BTCUSDT', limit, '0.1');
    await updates.waitFor(() => updates.updates().some((u) => u.event === 'TRADE'));
    expect(updates.updates().map((u) => u.event)).toEqual(['NEW', 'TRIGGERED', 'TRADE']);
    expect(updates.updates().at(-1)).toMatchObject({ status: 'FILLED', fill: { price: limit, quantity: '0.01', commissionAsset: 'USDT' } });
    await updates.dispose();
  });

  it('fills a triggered stop whose limit can fill at once at the best bid, at once', async () => {
    const { key } = keys.next();
    const updates = await subscribeUpdates(gateway, key, 'PAPER');
    await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', stopPrice: below(100), price: below(110), quantity: '0.01', clientOrderId: 'stop-2' });
    await waitUntil(() => gateway.gateway.services.paperEngine.matching().includes('BTCUSDT'), 'matching of BTCUSDT');
    fake.market.printTrade('BTCUSDT', below(100), '0.1');
    await updates.waitFor(() => updates.updates().some((u) => u.event === 'TRADE'));
    expect(updates.updates().map((u) => u.event)).toEqual(['NEW', 'TRIGGERED', 'TRADE']);
    expect(updates.updates().at(-1)?.fill).toMatchObject({ price: top.bid, quantity: '0.01' });
    await updates.dispose();
  });

  it('ends a cancel racing a fill in exactly one of them, the funds accounted for once', async () => {
    const { key } = keys.next();
    // An order of another key, far below, keeps matching of the symbol running throughout.
    await placePaper(gateway, keys.next().key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: below(5000), quantity: '0.001' });
    await waitUntil(() => gateway.gateway.services.paperEngine.matching().includes('BTCUSDT'), 'matching of BTCUSDT');
    await waitUntil(() => gateway.gateway.services.localFeeds.heldTrades('BTCUSDT') !== undefined, 'the trade stream');
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const price = below(120 + i);
      await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price, quantity: '0.001', clientOrderId: `race-${i}` });
      fake.market.printTrade('BTCUSDT', price, '1');
      const canceled = await cancelPaper(gateway, key, 'BTCUSDT', `race-${i}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const final = (await paperAccount(gateway, key, { id: `race-${i}` })).one;
      expect(final?.status).toBe(canceled.status);
      outcomes.push(canceled.status);
    }
    expect(outcomes.every((status) => status === 'FILLED' || status === 'CANCELED')).toBe(true);
    const filled = outcomes.map((status, i) => (status === 'FILLED' ? new Decimal(below(120 + i)).times('0.001') : new Decimal(0)));
    const spent = filled.reduce((sum, cost) => sum.plus(cost), new Decimal(0));
    const bought = new Decimal('0.000999').times(outcomes.filter((status) => status === 'FILLED').length);
    const { balances } = await paperAccount(gateway, key);
    expect(balances).toContainEqual({ asset: 'USDT', free: new Decimal(10000).minus(spent).toFixed(), locked: '0' });
    expect(balances).toContainEqual({ asset: 'BTC', free: new Decimal(1).plus(bought).toFixed(), locked: '0' });
  });

  it('refuses a stop that would trigger at once and a LIMIT_MAKER that would take, and expires an IOC that cannot fill', async () => {
    const { key } = keys.next();
    const triggered = await gateway.execute(`mutation ($input: TradeInput!) { trade(input: $input) { status } }`, {
      apiKey: key,
      variables: { input: { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', stopPrice: above(5), price: below(5), quantity: '0.01' } },
    });
    expect(errorCode(triggered)).toBe('BAD_USER_INPUT');
    expect(triggered.errors?.[0]?.message).toContain('would trigger immediately');
    const maker = await gateway.execute(`mutation ($input: TradeInput!) { trade(input: $input) { status } }`, {
      apiKey: key,
      variables: { input: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: top.ask, quantity: '0.01' } },
    });
    expect(errorCode(maker)).toBe('BAD_USER_INPUT');
    expect(maker.errors?.[0]?.message).toContain('would immediately match');
    const ioc = await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price: below(5), quantity: '0.01' });
    expect(ioc.status).toBe('EXPIRED');
    const rests = await placePaper(gateway, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', price: below(5), quantity: '0.01' });
    expect(rests).toMatchObject({ status: 'NEW', timeInForce: 'GTC' });
    const locked = new Decimal(below(5)).times('0.01');
    expect((await paperAccount(gateway, key)).balances).toContainEqual({ asset: 'USDT', free: new Decimal(10000).minus(locked).toFixed(), locked: locked.toFixed() });
  });
});
