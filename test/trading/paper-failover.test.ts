/**
 * Paper matching across instances and restarts, on Redis: with two instances, exactly one matches a
 * symbol and each order fills once; when the matching instance stops, the other takes over; a
 * gateway that restarts with resting orders in the store resumes matching, and a trade that went
 * through an order while no gateway ran is applied from the trades since (over REST).
 */
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { waitUntil } from '../streaming/live-clients.js';
import { fake, useExchangeAndStores } from './exchange-fixture.js';
import { freezeMarket, paperAccount, placePaper, subscribeUpdates } from './order-clients.js';
import { keyPool } from './trading-keys.js';

const stores = useExchangeAndStores();
const keys = keyPool('failover');
const env = { API_KEYS: keys.env, STREAM_LOCK_TTL_MS: '1500', STREAM_GRACE_MS: '200', TRADING_PRICE_MAX_AGE_MS: '0' };
let bid: string;
let keyPrefix: string;

const below = (ticks: number) => new Decimal(bid).minus(new Decimal(ticks).times('0.01')).toFixed();
const matchers = (gateways: TestGateway[]) => gateways.filter((g) => g.gateway.server.listening && g.gateway.services.paperEngine.matching().includes('BTCUSDT'));

/**
 * Waits until `count` instances follow the exchange's BTCUSDT trade stream. On this paused market
 * nothing trades but what a test prints: a trade printed before the stream is up would be seen only
 * at the next trade (MarketFeeds catches up by trade id when the next one shows the gap).
 */
const tradeStreamUp = (count = 1) => waitUntil(() => (fake.streams.subscriptions().get('btcusdt@trade') ?? 0) >= count, 'the trade stream to be followed');

async function filled(gateway: TestGateway, apiKey: string, id: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while ((await paperAccount(gateway, apiKey, { id })).one?.status !== 'FILLED') {
    if (Date.now() > deadline) throw new Error(`${id} did not fill`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(() => {
  bid = new Decimal(freezeMarket(fake, 'BTCUSDT').bid).toFixed();
  keyPrefix = `failover${process.pid}:`;
});

describe('two instances on one Redis', () => {
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    const [storeA, storeB]: Store[] = await Promise.all([stores.create('redis', { keyPrefix }), stores.create('redis', { keyPrefix })]);
    [a, b] = await Promise.all([startTestGateway({ fake, store: storeA, env }), startTestGateway({ fake, store: storeB, env })]);
  });
  afterAll(() => Promise.all([a, b].filter((g) => g.gateway.server.listening).map((g) => g.stop())));

  it('match each symbol on one instance, fill each order once, and hand matching over when the matching instance stops', async () => {
    const { key } = keys.next();
    const updates = await subscribeUpdates(b, key, 'PAPER');
    await placePaper(a, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: below(30), quantity: '0.01', clientOrderId: 'once' });
    await placePaper(b, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: below(40), quantity: '0.01', clientOrderId: 'later' });
    await waitUntil(() => matchers([a, b]).length === 1, 'one instance to match BTCUSDT');
    await tradeStreamUp();
    fake.market.printTrade('BTCUSDT', below(30), '1');
    fake.market.printTrade('BTCUSDT', below(30), '1');
    await filled(a, key, 'once');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates.updates().filter((u) => u.event === 'TRADE').map((u) => u.clientOrderId)).toEqual(['once']);

    const [holder] = matchers([a, b]);
    const other = holder === a ? b : a;
    await holder?.stop();
    const controlsBefore = fake.streams.controlMessages.length;
    await waitUntil(() => matchers([other]).length === 1, 'the other instance to take matching over');
    // The new holder's own subscription of the trade stream (not the old one's, still closing).
    await waitUntil(
      () => fake.streams.controlMessages.slice(controlsBefore).some((m) => JSON.stringify(m).includes('btcusdt@trade')),
      'the new holder to subscribe to the trade stream',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    fake.market.printTrade('BTCUSDT', below(40), '1');
    await filled(other, key, 'later');
    const balances = (await paperAccount(other, key)).balances;
    // Two fills at their prices, each exactly once: 0.02 BTC less 0.1 % commission; the USDT they cost.
    const cost = new Decimal(below(30)).plus(below(40)).times('0.01');
    expect(balances).toEqual([
      { asset: 'BTC', free: '0.01998', locked: '0' },
      { asset: 'USDT', free: new Decimal(10000).minus(cost).toFixed(), locked: '0' },
    ]);
    await updates.dispose();
  });
});

describe('a restart with resting orders', () => {
  it('resumes matching from the store and applies a fill that happened while the gateway was down', async () => {
    const prefix = `restart${process.pid}:`;
    const { key } = keys.next();
    const first = await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix: prefix }), env });
    await placePaper(first, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: below(50), quantity: '0.01', clientOrderId: 'down' });
    await placePaper(first, key, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: below(60), quantity: '0.01', clientOrderId: 'after' });
    await waitUntil(() => matchers([first]).length === 1, 'matching to start');
    await tradeStreamUp();
    fake.market.printTrade('BTCUSDT', below(1), '1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await first.stop();
    // While no gateway runs, the market trades through the first order.
    fake.market.printTrade('BTCUSDT', below(50), '1');
    const second = await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix: prefix }), env });
    try {
      await filled(second, key, 'down');
      const view = await paperAccount(second, key, { id: 'down' });
      expect(view.one).toMatchObject({ status: 'FILLED', fills: [{ price: below(50), quantity: '0.01' }] });
      expect(view.open.map((o) => o.clientOrderId)).toEqual(['after']);
      // And it goes on matching the order still resting.
      await tradeStreamUp();
      fake.market.printTrade('BTCUSDT', below(60), '1');
      await filled(second, key, 'after');
    } finally {
      await second.stop();
    }
  });
});
