/**
 * Several exchange accounts on one simulator: each key signs for its own account, an order belongs
 * to the account that placed it (another account neither finds nor cancels it, and may reuse its
 * client id), and GET /api/v3/account answers the signed account read in Binance's shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { callSim } from '../../src/simulator/sim-client.js';

const main = { apiKey: 'sim-api-key', apiSecret: 'sim-api-secret' };
const second = { apiKey: 'second-account-key', apiSecret: 'second-account-secret' };
let exchange: FakeExchange;

beforeAll(async () => {
  exchange = await startFakeExchange({ accounts: [main, { ...second, canTrade: false }] });
});
afterAll(() => exchange.close());

const signed = (key: typeof main, path: string, method: 'GET' | 'POST' | 'DELETE', params: Record<string, string>) =>
  callSim<Record<string, unknown>>(exchange.url, path, params, { method, asBody: method === 'POST', signed: { ...key, timestamp: exchange.clock.now() } });

describe('exchange accounts', () => {
  it('answers the signed account read of each account, and refuses a bad key or signature', async () => {
    const mine = await signed(main, '/api/v3/account', 'GET', {});
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ canTrade: true, accountType: 'SPOT', permissions: ['SPOT'] });
    expect(mine.headers.get('x-mbx-used-weight-1m')).toBe('20');
    const theirs = await signed(second, '/api/v3/account', 'GET', {});
    expect(theirs.body).toMatchObject({ canTrade: false });
    expect(theirs.body['uid']).not.toBe(mine.body['uid']);
    expect((await signed({ apiKey: 'nobody', apiSecret: 'x' }, '/api/v3/account', 'GET', {})).body).toMatchObject({ code: -2015 });
    expect((await signed({ ...second, apiSecret: 'wrong' }, '/api/v3/account', 'GET', {})).body).toMatchObject({ code: -1022 });
  });

  it('keeps orders per account: lookups, cancels and client ids', async () => {
    exchange.orders.setPrice('BTCUSDT', '64000');
    const resting = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.001', price: '50000', newClientOrderId: 'shared-id' };
    const placed = await signed(main, '/api/v3/order', 'POST', resting);
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    // The same client id is free on another account, even while the first order is open.
    expect((await signed(second, '/api/v3/order', 'POST', resting)).status).toBe(200);
    const [mine, theirs] = ['sim-api-key', 'second-account-key'].map((account) =>
      exchange.orders.all().find((order) => order.apiKey === account && order.clientOrderId === 'shared-id'),
    );
    expect(mine && theirs && mine.orderId !== theirs.orderId).toBe(true);
    const lookUp = await signed(second, '/api/v3/order', 'GET', { symbol: 'BTCUSDT', orderId: String(mine?.orderId) });
    expect(lookUp.body).toMatchObject({ code: -2013 });
    const cancel = await signed(second, '/api/v3/order', 'DELETE', { symbol: 'BTCUSDT', origClientOrderId: 'shared-id' });
    expect(cancel.body).toMatchObject({ status: 'CANCELED', orderId: theirs?.orderId });
    expect(exchange.orders.all().find((order) => order.orderId === mine?.orderId)?.status).toBe('NEW');
  });
});
