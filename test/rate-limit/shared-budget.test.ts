/**
 * Two gateway instances on one real Redis draw from one budget per key and field: the limit holds
 * across instances under parallel load, and each instance's Query.viewer sees the other's calls.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/schema.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { TestStores } from '../helpers/test-stores.js';

const marketQuery = '{ market(symbol: "BTCUSDT") { symbol } }';
const tradeMutation = 'mutation { trade(input: { symbol: "BTCUSDT", side: BUY, type: MARKET, quantity: "0.001" }) { clientOrderId } }';
const marketDataMax = 10;
const servesTrade = 'trade' in (schema.getMutationType()?.getFields() ?? {});

const stores = new TestStores();
let fake: FakeExchange;
let instances: TestGateway[];

beforeAll(async () => {
  fake = await startFakeExchange();
  // The same key prefix on two stores (two connections): two gateways sharing one Redis.
  const keyPrefix = `shared${randomUUID().slice(0, 8)}:`;
  const env = { RATE_LIMIT_MARKET_DATA_PER_MINUTE: String(marketDataMax) };
  instances = [
    await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix }), env }),
    await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix }), env }),
  ];
});

afterAll(async () => {
  await Promise.all((instances ?? []).map((g) => g.stop()));
  await stores.closeAll();
  await fake?.close();
});

/** 50 calls at once, alternating between the instances; how many were not RATE_LIMITED. */
async function passedOf(query: string, apiKey: string): Promise<number> {
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => instances[i % 2]!.execute(query, { apiKey })));
  return results.filter((r) => errorCode(r) !== 'RATE_LIMITED').length;
}

describe('two gateway instances on one Redis', () => {
  it('let exactly max of 50 parallel calls with one key through between them', async () => {
    expect(await passedOf(marketQuery, testKeys.read)).toBe(marketDataMax);
    for (const instance of instances) expect(errorCode(await instance.execute(marketQuery, { apiKey: testKeys.read }))).toBe('RATE_LIMITED');
  });

  it("show on one instance's viewer the calls made on the other", async () => {
    expectData(await instances[0]!.execute(marketQuery, { apiKey: testKeys.all }));
    expectData(await instances[0]!.execute(marketQuery, { apiKey: testKeys.all }));
    const data = expectData(
      await instances[1]!.execute<{ viewer: { rateLimits: { field: string; remaining: number }[] } }>(
        '{ viewer { rateLimits { field remaining } } }',
        { apiKey: testKeys.all },
      ),
    );
    expect(data.viewer.rateLimits.find((b) => b.field === 'Query.market')?.remaining).toBe(marketDataMax - 2);
  });

  if (servesTrade) {
    it('let exactly 10 of 50 parallel trades with one key through between them', async () => {
      expect(await passedOf(tradeMutation, testKeys.trade)).toBe(10);
    });
  }
});
