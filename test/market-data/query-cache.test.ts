/**
 * The cached-query fast path: a repeated market-data query is answered from its serialized result,
 * yet every hit is still authenticated, scope-checked and charged to the key's rate budget, and
 * answers byte for byte what executing it would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const query = `query Closed { ohlcv(symbol: "BTCUSDT", interval: HOUR_1, limit: 24, start: "2024-02-01T00:00:00.000Z") { openTime close closed } }`;

let fake: FakeExchange;
let gw: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  gw = await startTestGateway({ fake, env: { RATE_LIMIT_MARKET_DATA_PER_MINUTE: '5', QUERY_CACHE_TTL_MS: '60000', CORS_ORIGINS: 'https://charts.example' } });
});
afterAll(async () => {
  await gw.stop();
  await fake.close();
});

async function raw(headers: Record<string, string>, body = JSON.stringify({ query })) {
  const response = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('the cached-query fast path', () => {
  it('serves a repeat from the cache, byte for byte, and still charges the rate budget', async () => {
    const cache = gw.gateway.queryCache;
    const first = await raw({ 'x-api-key': testKeys.read });
    expect(first.status).toBe(200);
    expect((JSON.parse(first.text) as { data: { ohlcv: unknown[] } }).data.ohlcv).toHaveLength(24);
    const hitsBefore = cache.hits;
    const second = await raw({ 'x-api-key': testKeys.read });
    expect(second.text).toBe(first.text);
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(cache.hits).toBe(hitsBefore + 1);
    // Budget 5 a minute: three more calls pass (from the cache), the sixth is refused.
    for (let i = 0; i < 3; i++) expect((await raw({ 'x-api-key': testKeys.read })).status).toBe(200);
    const refused = JSON.parse((await raw({ 'x-api-key': testKeys.read })).text) as { errors: { extensions: { code: string; retryAfter: number } }[] };
    expect(refused.errors[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(refused.errors[0]?.extensions.retryAfter).toBeGreaterThan(0);
  });

  it('never serves a cached result without a valid key with the read scope', async () => {
    await raw({ 'x-api-key': testKeys.all });
    const hitsBefore = gw.gateway.queryCache.hits;
    expect((await raw({})).status).toBe(401);
    expect((await raw({ 'x-api-key': 'not-a-key' })).status).toBe(401);
    const forbidden = await gw.execute(query, { apiKey: testKeys.trade });
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    expect(gw.gateway.queryCache.hits).toBe(hitsBefore);
  });

  it('refuses a key without the scope from the cache with the very answer execution gives', async () => {
    const uncached = await startTestGateway({ fake, env: { QUERY_CACHE_TTL_MS: '0' } });
    try {
      const twoFields = JSON.stringify({ query: `{ a: ohlcv(symbol: "BTCUSDT", interval: DAY_1, limit: 2, start: "2024-01-01T00:00:00.000Z") { close } __typename }` });
      await raw({ 'x-api-key': testKeys.all }, twoFields);
      const hitsBefore = gw.gateway.queryCache.hits;
      const fromCache = await raw({ 'x-api-key': testKeys.trade }, twoFields);
      const executed = await fetch(`${uncached.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': testKeys.trade },
        body: twoFields,
      });
      expect(JSON.parse(fromCache.text)).toEqual(await executed.json());
      expect(JSON.parse(fromCache.text)).toMatchObject({ data: null, errors: [{ path: ['a'], extensions: { code: 'FORBIDDEN' } }] });
      // A nullable root field refused: the rest of the data stands, as execution leaves it.
      const nullable = JSON.stringify({ query: '{ market(symbol: "BTCUSDT") { symbol } __typename }' });
      await raw({ 'x-api-key': testKeys.all }, nullable);
      const nullableFromCache = await raw({ 'x-api-key': testKeys.trade }, nullable);
      const nullableExecuted = await fetch(`${uncached.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': testKeys.trade },
        body: nullable,
      });
      expect(JSON.parse(nullableFromCache.text)).toEqual(await nullableExecuted.json());
      expect(JSON.parse(nullableFromCache.text)).toMatchObject({ data: { market: null, __typename: 'Query' } });
      expect(gw.gateway.queryCache.hits).toBe(hitsBefore);
    } finally {
      await uncached.stop();
    }
  });

  it('answers a request without a valid key with the body and status Yoga gives', async () => {
    const viaDoor = await raw({ 'x-api-key': 'not-a-key' });
    // With an Origin header the door hands every request to Yoga.
    const viaYoga = await raw({ 'x-api-key': 'not-a-key', origin: 'https://charts.example' });
    expect(viaDoor.status).toBe(401);
    expect(viaYoga.status).toBe(401);
    expect(viaDoor.text).toBe(viaYoga.text);
    expect((await raw({})).text).toBe((await raw({ origin: 'https://charts.example' })).text);
  });

  it('lets cross-origin requests through Yoga, so CORS headers are never replayed', async () => {
    await raw({ 'x-api-key': testKeys.readTrade });
    const hitsBefore = gw.gateway.queryCache.hits;
    const allowed = await raw({ 'x-api-key': testKeys.readTrade, origin: 'https://charts.example' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://charts.example');
    const other = await raw({ 'x-api-key': testKeys.readTrade, origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
    expect(gw.gateway.queryCache.hits).toBe(hitsBefore);
  });

  it('does not cache mutations, errors or queries with nested rate-limited fields', async () => {
    const nested = `{ market(symbol: "ETHUSDT") { symbol candles(interval: DAY_1, limit: 2, start: "2024-01-01T00:00:00.000Z") { close } } }`;
    const cache = gw.gateway.queryCache;
    const sizeBefore = cache.size;
    expectData(await gw.execute(nested, { apiKey: testKeys.all }));
    await gw.execute('{ ohlcv(symbol: "NOPE", interval: MIN_1) { close } }', { apiKey: testKeys.all });
    expect(cache.size).toBe(sizeBefore);
  });
});
