import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { callSim } from '../../src/simulator/sim-client.js';

const signed = { apiKey: 'sim-api-key', apiSecret: 'sim-api-secret' };

describe('request weight, 429 and 418', () => {
  let exchange: FakeExchange;

  beforeEach(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 50 });
    // Mid-window, so the one-minute window cannot roll over during the test.
    exchange.clock.freeze(Date.UTC(2024, 0, 1, 0, 0, 15));
  });
  afterEach(() => exchange.close());

  it('charges the documented weights and reports them on every response', async () => {
    const used = async (path: string, params: Record<string, string | number> = {}) =>
      Number((await callSim(exchange.url, path, params)).headers.get('x-mbx-used-weight-1m'));
    expect(await used('/api/v3/time')).toBe(1);
    expect(await used('/api/v3/klines', { symbol: 'BTCUSDT', interval: '1m', limit: 1 })).toBe(3);
    expect(await used('/api/v3/ticker/price', { symbol: 'BTCUSDT' })).toBe(5);
    expect(await used('/api/v3/ticker/price')).toBe(9);
    expect(await used('/api/v3/exchangeInfo')).toBe(29);
    expect(await used('/api/v3/klines', { symbol: 'NOPE', interval: '1m' })).toBe(31); // errors pay too
    const legacy = await callSim(exchange.url, '/api/v3/ping');
    expect(legacy.headers.get('x-mbx-used-weight')).toBe('32');
    expect(exchange.requests.map((r) => r.weight)).toEqual([1, 2, 2, 4, 20, 2, 1]);
    expect(exchange.usedWeight()).toBe(32);
  });

  it('charges a successful order 0 and a rejected one 1', async () => {
    const order = (quantity: string) =>
      callSim(exchange.url, '/api/v3/order', { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity },
        { method: 'POST', signed: { ...signed, timestamp: exchange.clock.now() } });
    expect((await order('0.001')).headers.get('x-mbx-used-weight-1m')).toBe('0');
    expect((await order('0.0000001')).headers.get('x-mbx-used-weight-1m')).toBe('1');
  });

  it('answers 429 over the limit, then bans with 418 while the caller keeps going', async () => {
    exchange.inject('/api/v3/ping', { status: 200, body: {} }); // an injected answer costs nothing
    await callSim(exchange.url, '/api/v3/ping');
    await callSim(exchange.url, '/api/v3/exchangeInfo');
    await callSim(exchange.url, '/api/v3/exchangeInfo');
    const over = await callSim<{ code: number; msg: string }>(exchange.url, '/api/v3/exchangeInfo');
    expect(over.status).toBe(429);
    expect(over.body.code).toBe(-1003);
    expect(over.headers.get('retry-after')).toBe('45'); // seconds to the end of the minute
    expect(over.headers.get('x-mbx-used-weight-1m')).toBe('60');

    const banned = await callSim<{ code: number; msg: string }>(exchange.url, '/api/v3/time');
    expect(banned.status).toBe(418);
    expect(banned.body.code).toBe(-1003);
    const until = exchange.clock.now() + 120_000;
    expect(banned.body.msg).toContain(`IP banned until ${until}`);
    expect(banned.headers.get('retry-after')).toBe('120');

    exchange.clock.advance(60_000); // a new window does not lift a ban
    expect((await callSim(exchange.url, '/api/v3/time')).status).toBe(418);
    exchange.clock.advance(61_000);
    expect((await callSim(exchange.url, '/api/v3/time')).status).toBe(200);
  });

  it('starts afresh each minute and on resetCounters()', async () => {
    await callSim(exchange.url, '/api/v3/exchangeInfo');
    exchange.clock.advance(60_000);
    expect((await callSim(exchange.url, '/api/v3/time')).headers.get('x-mbx-used-weight-1m')).toBe('1');
    exchange.resetCounters();
    expect(exchange.usedWeight()).toBe(0);
    expect(exchange.requestCount()).toBe(0);
    expect(exchange.requests).toHaveLength(0);
  });

  it('reports its limit in exchangeInfo', async () => {
    const info = await callSim<{ rateLimits: unknown[] }>(exchange.url, '/api/v3/exchangeInfo');
    expect(info.body.rateLimits).toContainEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 50 });
    expect(info.body.rateLimits).toContainEqual(expect.objectContaining({ rateLimitType: 'ORDERS' }));
    expect(info.body.rateLimits).toContainEqual(expect.objectContaining({ rateLimitType: 'RAW_REQUESTS' }));
  });
});
