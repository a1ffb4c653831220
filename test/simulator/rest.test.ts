import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { callSim } from '../../src/simulator/sim-client.js';

interface SymbolBody {
  symbol: string;
  status: string;
  orderTypes: string[];
  filters: Array<{ filterType: string } & Record<string, unknown>>;
}
/** Every answer these tests read, as the wire carries it. */
interface Body {
  code?: number;
  msg?: string;
  serverTime: number;
  symbols: SymbolBody[];
  price: string;
}

describe('public endpoints, faults and latency', () => {
  let exchange: FakeExchange;
  const get = (path: string, params: Record<string, string | number> = {}) => callSim<Body>(exchange.url, path, params);

  beforeAll(async () => {
    exchange = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  });
  afterAll(() => exchange.close());

  it('answers ping and time on the exchange clock', async () => {
    expect((await get('/api/v3/ping')).body).toEqual({});
    exchange.clock.setOffset(-3_000);
    const { serverTime } = (await get('/api/v3/time')).body;
    expect(Math.abs(serverTime - (Date.now() - 3_000))).toBeLessThan(500);
    exchange.clock.setOffset(0);
  });

  it('describes symbols in exchangeInfo, with filters as decimal strings', async () => {
    const all = (await get('/api/v3/exchangeInfo')).body;
    expect(all.symbols.map((s) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'BNBBTC', 'LUNAUSDT']);
    expect(all.symbols.find((s) => s.symbol === 'LUNAUSDT')?.status).toBe('BREAK');
    const btc = (await get('/api/v3/exchangeInfo', { symbol: 'BTCUSDT' })).body.symbols[0] as SymbolBody;
    expect(btc).toMatchObject({ baseAsset: 'BTC', quoteAsset: 'USDT', baseAssetPrecision: 8, quoteAssetPrecision: 8, quoteOrderQtyMarketAllowed: true });
    expect(btc.orderTypes).toEqual(expect.arrayContaining(['LIMIT', 'MARKET']));
    const filter = (name: string) => btc.filters.find((f) => f.filterType === name);
    expect(filter('PRICE_FILTER')).toMatchObject({ tickSize: '0.01000000', minPrice: '0.01000000' });
    expect(filter('LOT_SIZE')).toMatchObject({ stepSize: '0.00001000', minQty: '0.00001000' });
    expect(filter('MARKET_LOT_SIZE')).toMatchObject({ stepSize: '0.00000000' });
    expect(filter('NOTIONAL')).toMatchObject({ minNotional: '5.00000000', applyMinToMarket: true });
    const eth = (await get('/api/v3/exchangeInfo', { symbols: '["ETHUSDT","BNBBTC"]' })).body.symbols;
    expect(eth.map((s) => s.symbol)).toEqual(['ETHUSDT', 'BNBBTC']);
    expect(eth[0]?.filters.map((f) => f.filterType)).toEqual(expect.arrayContaining(['MIN_NOTIONAL', 'NOTIONAL']));
    expect((await get('/api/v3/exchangeInfo', { symbols: '["ETHUSDT","NOPE"]' })).body).toEqual({ code: -1121, msg: 'Invalid symbol.' });
    expect((await get('/api/v3/exchangeInfo', { symbol: 'NOPE' })).status).toBe(400);
    expect((await get('/api/v3/exchangeInfo', { symbolStatus: 'BREAK' })).body.symbols).toHaveLength(1);
  });

  it('quotes prices near each symbol centre, or the pinned price', async () => {
    const one = (await get('/api/v3/ticker/price', { symbol: 'BTCUSDT' })).body;
    expect(one.price).toMatch(/^\d+\.\d{8}$/);
    expect(Number(one.price)).toBeGreaterThan(64000 * 0.8);
    expect(Number(one.price)).toBeLessThan(64000 * 1.25);
    exchange.orders.setPrice('ETHUSDT', '3000.5');
    const many = (await get('/api/v3/ticker/price', { symbols: '["ETHUSDT"]' })).body;
    expect(many).toEqual([{ symbol: 'ETHUSDT', price: '3000.50000000' }]);
    exchange.orders.clearPrice('ETHUSDT');
    expect((await get('/api/v3/ticker/price')).body).toHaveLength(4);
  });

  it('injects statuses, bodies, Retry-After, hangs and dropped connections', async () => {
    exchange.inject('/api/v3/time', { status: 503, times: 2 });
    exchange.inject('/api/v3/time', { status: 429, retryAfterSec: 7, body: { code: -1003, msg: 'slow down' } });
    expect((await get('/api/v3/time')).status).toBe(503);
    expect((await get('/api/v3/time')).body.code).toBe(-1001);
    const limited = await get('/api/v3/time');
    expect([limited.status, limited.headers.get('retry-after'), limited.body.msg]).toEqual([429, '7', 'slow down']);
    expect((await get('/api/v3/time')).status).toBe(200);

    const pingsBefore = exchange.requestCount('/api/v3/ping');
    exchange.inject('/api/v3/ping', { dropConnection: true });
    await expect(get('/api/v3/ping')).rejects.toThrow();
    exchange.inject('/api/v3/ping', { hang: true });
    await expect(callSim(exchange.url, '/api/v3/ping', {}, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(exchange.requestCount('/api/v3/ping')).toBe(pingsBefore + 2);
  });

  it('adds latency per path or everywhere', async () => {
    exchange.setLatency('/api/v3/ping', 120);
    let started = Date.now();
    await get('/api/v3/ping');
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    started = Date.now();
    await get('/api/v3/time');
    expect(Date.now() - started).toBeLessThan(100);
    exchange.inject('/api/v3/time', { delayMs: 100 }); // delay only: then answered normally
    started = Date.now();
    expect((await get('/api/v3/time')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    exchange.clearFaults();
  });

  it('answers unknown endpoints with 404', async () => {
    expect((await get('/api/v3/nothing')).status).toBe(404);
    expect((await callSim(exchange.url, '/api/v3/klines', {}, { method: 'POST' })).status).toBe(405);
  });

  it('closes cleanly with a request still hanging', async () => {
    const other = await startFakeExchange();
    other.inject('/api/v3/ping', { hang: true });
    const pending = callSim(other.url, '/api/v3/ping');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await other.close();
    await expect(pending).rejects.toThrow();
  });
});
