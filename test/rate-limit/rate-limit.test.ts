/**
 * @rateLimit over real HTTP, on both store backends: under 50 parallel calls with one key exactly
 * `max` get through, refusals carry retryAfter, budgets are per key and per field, a call refused
 * for its scope spends nothing, and Query.viewer shows what is left.
 */
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/schema.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData, type GraphQLResponse } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';

const marketQuery = '{ market(symbol: "BTCUSDT") { symbol } }';
const tradeMutation = 'mutation { trade(input: { symbol: "BTCUSDT", side: BUY, type: MARKET, quantity: "0.001" }) { clientOrderId } }';
const viewerQuery = '{ viewer { rateLimits { field max window windowSeconds remaining } } }';
/** The market-data budget these gateways are configured with (RATE_LIMIT_MARKET_DATA_PER_MINUTE). */
const marketDataMax = 10;

interface Budget {
  field: string;
  max: number;
  window: string;
  windowSeconds: number;
  remaining: number;
}

const servesTrade = isObjectType(schema.getMutationType()) && 'trade' in (schema.getMutationType()?.getFields() ?? {});
const stores = new TestStores();
let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange();
});

afterAll(async () => {
  await stores.closeAll();
  await fake?.close();
});

/** Tally of 50 parallel calls: how many passed the limiter and how many were RATE_LIMITED. */
async function burst(gateways: TestGateway[], query: string, apiKey: string, calls = 50) {
  const results = await Promise.all(
    Array.from({ length: calls }, (_, i) => gateways[i % gateways.length]!.execute(query, { apiKey })),
  );
  const limited = results.filter((r) => errorCode(r) === 'RATE_LIMITED');
  return { results, limited, passed: results.length - limited.length };
}

async function budgetOf(gateway: TestGateway, apiKey: string, field: string): Promise<Budget> {
  const data = expectData(await gateway.execute<{ viewer: { rateLimits: Budget[] } }>(viewerQuery, { apiKey }));
  const budget = data.viewer.rateLimits.find((b) => b.field === field);
  if (!budget) throw new Error(`no budget for ${field} in ${JSON.stringify(data)}`);
  return budget;
}

describe.each(storeKinds)('@rateLimit with the %s store', (kind) => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({
      fake,
      store: await stores.create(kind),
      env: { RATE_LIMIT_MARKET_DATA_PER_MINUTE: String(marketDataMax) },
    });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('lets exactly max of 50 parallel calls with one key through', async () => {
    const { passed, limited, results } = await burst([gateway], marketQuery, testKeys.read);
    expect(passed).toBe(marketDataMax);
    expect(limited).toHaveLength(50 - marketDataMax);
    expect(results.filter((r) => r.data?.['market']).length).toBe(marketDataMax);
  });

  it('answers RATE_LIMITED with retryAfter in whole seconds within the window', async () => {
    const refused = await gateway.execute(marketQuery, { apiKey: testKeys.read });
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    const retryAfter = refused.errors?.[0]?.extensions?.['retryAfter'];
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.errors?.[0]?.message).toMatch(/Query\.market.*at most 10 per 1m/);
  });

  it('keeps separate budgets per key and per field', async () => {
    expectData(await gateway.execute(marketQuery, { apiKey: testKeys.all }));
    expectData(await gateway.execute('{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 1) { close } }', { apiKey: testKeys.read }));
  });

  it('shows each limited field and its remaining budget on Query.viewer, counting down', async () => {
    const before = await budgetOf(gateway, testKeys.readTrade, 'Query.market');
    expect(before).toEqual({ field: 'Query.market', max: marketDataMax, window: '1m', windowSeconds: 60, remaining: marketDataMax });
    expectData(await gateway.execute(marketQuery, { apiKey: testKeys.readTrade }));
    expectData(await gateway.execute(marketQuery, { apiKey: testKeys.readTrade }));
    expect((await budgetOf(gateway, testKeys.readTrade, 'Query.market')).remaining).toBe(marketDataMax - 2);
    expect((await budgetOf(gateway, testKeys.read, 'Query.market')).remaining).toBe(0);
    const data = expectData(await gateway.execute<{ viewer: { rateLimits: Budget[] } }>(viewerQuery, { apiKey: testKeys.read }));
    const fields = data.viewer.rateLimits.map((b) => b.field);
    expect(fields).toEqual(expect.arrayContaining(['Market.candles', 'Query.market', 'Query.markets', 'Query.ohlcv']));
  });

  it('spends no budget on a call refused for its scope', async () => {
    for (let i = 0; i < marketDataMax + 2; i++) {
      expect(errorCode(await gateway.execute(marketQuery, { apiKey: testKeys.trade }))).toBe('FORBIDDEN');
    }
    expect((await budgetOf(gateway, testKeys.trade, 'Query.market')).remaining).toBe(marketDataMax);
  });

  if (servesTrade) {
    it('lets exactly 10 of 50 parallel trades with one key through (the contract default)', async () => {
      expect(await budgetOf(gateway, testKeys.trade, 'Mutation.trade')).toMatchObject({ max: 10, window: '1m' });
      const { passed, limited } = await burst([gateway], tradeMutation, testKeys.trade);
      expect(passed).toBe(10);
      expect(limited).toHaveLength(40);
    });
  }
});

export type { GraphQLResponse };
