/**
 * liveTrade over real HTTP against the fake exchange, which checks signatures and timestamps as
 * Binance does, on both store backends: orders placed, filter violations that never leave,
 * exchange rejections, repeated and foreign client order ids, the switches (LIVE_TRADING, the live
 * scope), and the audit trail without secrets.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds } from '../helpers/test-stores.js';
import { fake, useExchangeAndStores } from './exchange-fixture.js';
import { liveEnv, liveMutation, type LiveOrder } from './live-env.js';
import { keyPool } from './trading-keys.js';

const stores = useExchangeAndStores();
const keys = keyPool('live');

const postCount = (): number => fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v3/order').length;

describe.each(storeKinds)('liveTrade with the %s store', (kind) => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({ fake, store: await stores.create(kind), env: { ...liveEnv, API_KEYS: keys.env } });
  });
  afterAll(() => gateway.stop());
  beforeEach(() => {
    fake.clearFaults();
    fake.orders.setPrice('BTCUSDT', '64000');
  });

  const live = (apiKey: string, input: Record<string, unknown>) => gateway.execute<{ liveTrade: LiveOrder }>(liveMutation, { apiKey, variables: { input } });

  it('places a signed MARKET order and returns the exchange order with its fills', async () => {
    const { key } = keys.next('live');
    const order = expectData(await live(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.003', clientOrderId: `mkt-${kind}` })).liveTrade;
    expect(order).toMatchObject({
      mode: 'LIVE', symbol: 'BTCUSDT', clientOrderId: `mkt-${kind}`, side: 'BUY', type: 'MARKET', status: 'FILLED',
      price: null, quantity: '0.00300000', executedQuantity: '0.00300000',
    });
    expect(order.exchangeOrderId).toMatch(/^\d{11,}$/);
    // The fake splits it into three fills, each a tick worse; amounts pass through as the exchange sent them.
    expect(order.fills.map((f) => f.price)).toEqual(['64000.00000000', '64000.01000000', '64000.02000000']);
    expect(order.fills[0]).toEqual({ price: '64000.00000000', quantity: '0.00150000', commission: '0.00000150', commissionAsset: 'BTC' });
    const sent = fake.orders.all().find((o) => o.clientOrderId === `mkt-${kind}`);
    expect(String(sent?.orderId)).toBe(order.exchangeOrderId);
  });

  it('sends a LIMIT order with its price and time in force, and a generated alphanumeric id when none is given', async () => {
    const { key } = keys.next('live');
    const order = expectData(await live(key, { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: '70000', quantity: '0.01' })).liveTrade;
    expect(order).toMatchObject({ type: 'LIMIT', status: 'NEW', price: '70000.00000000', executedQuantity: '0.00000000' });
    expect(order.clientOrderId).toMatch(/^[A-Za-z0-9]{1,36}$/);
    const request = fake.requests.findLast((r) => r.method === 'POST' && r.path === '/api/v3/order');
    expect(request?.body).toMatchObject({ symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', price: '70000', quantity: '0.01', timeInForce: 'GTC', newClientOrderId: order.clientOrderId });
  });

  it('checks the filters before the request leaves', async () => {
    const { key } = keys.next('live');
    const before = postCount();
    const result = await live(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.000001' });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toContain('Filter failure: LOT_SIZE');
    const closed = await live(key, { symbol: 'LUNAUSDT', side: 'BUY', quantity: '1000' });
    expect(closed.errors?.[0]?.message).toContain('status BREAK');
    expect(postCount()).toBe(before);
  });

  it('turns an exchange rejection into ORDER_REJECTED, and answers the same id with it again without sending', async () => {
    const { key } = keys.next('live');
    fake.inject('/api/v3/order', { status: 400, body: { code: -2010, msg: 'Account has insufficient balance for requested action.' } });
    const input = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.01', clientOrderId: `rej-${kind}` };
    const first = await live(key, input);
    expect(errorCode(first)).toBe('ORDER_REJECTED');
    expect(first.errors?.[0]?.extensions).toMatchObject({
      exchangeCode: -2010,
      exchangeMessage: 'Account has insufficient balance for requested action.',
      clientOrderId: `rej-${kind}`,
    });
    const sent = postCount();
    const again = await live(key, input);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'ORDER_REJECTED', exchangeCode: -2010 });
    expect(postCount()).toBe(sent);
    expect(fake.orders.countByClientId(`rej-${kind}`)).toBe(0);
  });

  it('answers a repeated clientOrderId from its record and sends nothing, even after the order filled', async () => {
    const { key } = keys.next('live');
    const input = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId: `rep-${kind}` };
    const first = expectData(await live(key, input)).liveTrade;
    const sent = postCount();
    // The exchange itself would take the id again now that the order is FILLED.
    const again = expectData(await live(key, input)).liveTrade;
    expect(again).toEqual(first);
    expect(postCount()).toBe(sent);
    expect(fake.orders.countByClientId(`rep-${kind}`)).toBe(1);
  });

  it("refuses another API key's clientOrderId without showing that key's order", async () => {
    const owner = keys.next('live');
    const other = keys.next('live');
    const input = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId: `mine-${kind}` };
    expectData(await live(owner.key, input));
    const result = await live(other.key, input);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.data ?? null).toBeNull();
    expect(JSON.stringify(result)).not.toContain('exchangeOrderId');
    expect(fake.orders.countByClientId(`mine-${kind}`)).toBe(1);
  });

  it('places one order for concurrent requests with the same clientOrderId', async () => {
    const { key } = keys.next('live');
    const input = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId: `conc-${kind}` };
    const orders = (await Promise.all([live(key, input), live(key, input), live(key, input)])).map((r) => expectData(r).liveTrade);
    for (const order of orders) expect(order.exchangeOrderId).toBe(orders[0]?.exchangeOrderId);
    expect(fake.orders.countByClientId(`conc-${kind}`)).toBe(1);
  });

  it('writes an audit line per attempt and per outcome, and no key, secret or signature anywhere in the log', async () => {
    const { key, id } = keys.next('live');
    fake.inject('/api/v3/order', { status: 400, body: { code: -1013, msg: 'Filter failure: PERCENT_PRICE_BY_SIDE' } });
    await live(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId: `aud-r-${kind}` });
    await live(key, { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002', clientOrderId: `aud-p-${kind}` });
    const audit = gateway.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.audit === 'live-order');
    const of = (clientOrderId: string) => audit.filter((l) => l.clientOrderId === clientOrderId).map((l) => [l.event, l.outcome]);
    expect(of(`aud-r-${kind}`)).toEqual([['attempt', 'sending'], ['outcome', 'rejected']]);
    expect(of(`aud-p-${kind}`)).toEqual([['attempt', 'sending'], ['outcome', 'placed']]);
    expect(audit.find((l) => l.clientOrderId === `aud-p-${kind}` && l.outcome === 'placed')).toMatchObject({
      apiKeyId: id, symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.002', exchangeOrderId: expect.stringMatching(/^\d+$/), status: 'FILLED',
    });
    expect(audit.find((l) => l.clientOrderId === `aud-r-${kind}` && l.outcome === 'rejected')).toMatchObject({ exchangeCode: -1013 });

    const signatures = fake.requests.map((r) => r.body.signature ?? r.query.signature).filter((s): s is string => Boolean(s));
    expect(signatures.length).toBeGreaterThan(0);
    const secrets = ['sim-api-key', 'sim-api-secret', key, ...Object.values(testKeys), ...signatures];
    for (const line of gateway.logLines) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});

describe('liveTrade switches', () => {
  it('answers LIVE_TRADING_DISABLED while LIVE_TRADING is off, FORBIDDEN without the live scope, and sends nothing', async () => {
    const off = await startTestGateway({ fake, env: { API_KEYS: keys.env } });
    const on = await startTestGateway({ fake, env: { ...liveEnv, API_KEYS: keys.env } });
    try {
      const before = postCount();
      const input = { symbol: 'BTCUSDT', side: 'BUY', quantity: '0.002' };
      expect(errorCode(await off.execute(liveMutation, { apiKey: keys.next('live').key, variables: { input } }))).toBe('LIVE_TRADING_DISABLED');
      expect(errorCode(await on.execute(liveMutation, { apiKey: keys.next('trade').key, variables: { input } }))).toBe('FORBIDDEN');
      expect(errorCode(await off.execute(liveMutation, { apiKey: keys.next('trade').key, variables: { input } }))).toBe('FORBIDDEN');
      expect(postCount()).toBe(before);
    } finally {
      await Promise.all([off.stop(), on.stop()]);
    }
  });
});
