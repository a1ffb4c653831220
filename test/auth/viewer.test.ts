/**
 * Query.viewer's additions to the contract: the caller's key and scopes, and the exchange's weight
 * budget (used, limit, what is left to the gateway, and a back-off the exchange ordered).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

interface ExchangeWeight {
  used: number;
  limit: number | null;
  remaining: number | null;
  backoffUntil: string | null;
}

const viewerQuery = '{ viewer { id scopes exchangeWeight { used limit remaining backoffUntil } } }';
let fake: FakeExchange;
let gateway: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ weightLimitPerMinute: 1200 });
  gateway = await startTestGateway({ fake });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

async function viewer(apiKey: string) {
  return expectData(await gateway.execute<{ viewer: { id: string; scopes: string[]; exchangeWeight: ExchangeWeight } }>(viewerQuery, { apiKey })).viewer;
}

describe('Query.viewer', () => {
  it('names the key and its scopes', async () => {
    expect(await viewer(testKeys.readTrade)).toMatchObject({ id: 'readTrade', scopes: ['read', 'trade'] });
    expect(await viewer(testKeys.live)).toMatchObject({ id: 'live', scopes: ['live'] });
  });

  it("shows the exchange weight used and what is left below the gateway's head-room", async () => {
    expectData(await gateway.execute('{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 3) { close } }', { apiKey: testKeys.read }));
    const { exchangeWeight } = await viewer(testKeys.read);
    expect(exchangeWeight.limit).toBe(1200);
    expect(exchangeWeight.used).toBeGreaterThan(0);
    // The gateway allows itself 90% of the exchange's limit.
    expect(exchangeWeight.remaining).toBe(Math.floor(1200 * 0.9) - exchangeWeight.used);
    expect(exchangeWeight.backoffUntil).toBeNull();
  });

  it('shows until when the exchange ordered a back-off', async () => {
    fake.inject('/api/v3/klines', { status: 429, retryAfterSec: 30, times: 5 });
    const refused = await gateway.execute('{ ohlcv(symbol: "ETHUSDT", interval: HOUR_1, limit: 2) { close } }', { apiKey: testKeys.read });
    expect(errorCode(refused)).toBe('UPSTREAM_RATE_LIMITED');
    const until = Date.parse((await viewer(testKeys.read)).exchangeWeight.backoffUntil ?? '');
    expect(until - Date.now()).toBeGreaterThan(20_000);
    expect(until - Date.now()).toBeLessThanOrEqual(31_000);
  });
});
