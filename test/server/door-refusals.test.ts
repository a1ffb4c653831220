/**
 * Refusals the front door answers itself, without executing: a request it has seen executed before
 * (a query whose cached answer has expired, or a mutation) whose every root field this key would be
 * refused, for want of a scope or because its budget is known to be spent. The answer is the one
 * execution gives; anything less than a refusal of every root field executes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationShapes } from '../../src/server/operation-shapes.js';
import { queryCacheKey } from '../../src/server/query-result-cache.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

let fake: FakeExchange;
let gateway: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  gateway = await startTestGateway({ fake, env: { QUERY_CACHE_TTL_MS: '100', RATE_LIMIT_MARKET_DATA_PER_MINUTE: '3' } });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

/** The raw answer, and whether the door gave it (its operation log line says door: true). */
async function send(apiKey: string, query: string): Promise<{ status: number; body: string; door: boolean }> {
  const before = gateway.logLines.length;
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ query }),
  });
  const body = await response.text();
  let line: { door?: boolean } | undefined;
  for (let i = 0; i < 50 && !line; i++) {
    line = gateway.logLines
      .slice(before)
      .map((text) => JSON.parse(text) as { msg: string; door?: boolean })
      .find((entry) => entry.msg === 'operation');
    if (!line) await sleep(10);
  }
  return { status: response.status, body, door: line?.door === true };
}

const codes = (body: string): unknown[] => ((JSON.parse(body) as { errors?: { extensions: { code: string } }[] }).errors ?? []).map((e) => e.extensions.code);

describe('refusals at the front door', () => {
  it('refuses a key without the scope at the door once the request was executed, with execution’s answer', async () => {
    const query = '{ ohlcv(symbol: "BTCUSDT", interval: HOUR_1, limit: 2, start: "2024-01-01T00:00:00.000Z") { close } }';
    const executed = await send(testKeys.trade, query);
    expect(executed).toMatchObject({ status: 200, door: false });
    expect(codes(executed.body)).toEqual(['FORBIDDEN']);
    await sleep(150); // no cached answer left
    const again = await send(testKeys.trade, query);
    expect(again).toEqual({ ...executed, door: true });
  });

  it('refuses a spent budget at the door without charging anything, after the cached answer expired', async () => {
    const query = '{ ohlcv(symbol: "ETHUSDT", interval: HOUR_1, limit: 2, start: "2024-01-01T00:00:00.000Z") { close } }';
    for (let i = 0; i < 3; i++) expect(codes((await send(testKeys.readTrade, query)).body)).toEqual([]);
    const refused = await send(testKeys.readTrade, query);
    expect(codes(refused.body)).toEqual(['RATE_LIMITED']);
    await sleep(150);
    const again = await send(testKeys.readTrade, query);
    expect(again.door).toBe(true);
    const [first, second] = [refused, again].map((r) => JSON.parse(r.body) as { data: unknown; errors: { message: string; path: string[]; locations: unknown; extensions: { retryAfter: number } }[] });
    expect(second?.data).toBeNull();
    expect(second?.errors[0]).toMatchObject({ path: ['ohlcv'], locations: first?.errors[0]?.locations });
    expect(second?.errors[0]?.message).toMatch(/^Too many calls of Query.ohlcv: at most 3 per 1m per API key\. Retry in \d+ s\.$/);
    expect(second?.errors[0]?.extensions.retryAfter).toBeGreaterThan(0);
    // Other keys are not affected.
    expect(codes((await send(testKeys.read, query)).body)).toEqual([]);
  });

  it('refuses a mutation the same way: a missing scope, and a budget spent', async () => {
    const trade = 'mutation { trade(input: { symbol: "BTCUSDT", side: BUY, quantity: "0.001" }) { status } }';
    const forbidden = await send(testKeys.read, trade);
    expect(forbidden.door).toBe(false);
    expect(codes(forbidden.body)).toEqual(['FORBIDDEN']);
    expect(await send(testKeys.read, trade)).toEqual({ ...forbidden, door: true });

    for (let i = 0; i < 10; i++) expect(codes((await send(testKeys.trade, trade)).body)).toEqual([]);
    const spent = await send(testKeys.trade, trade);
    expect(spent.door).toBe(false);
    expect(codes(spent.body)).toEqual(['RATE_LIMITED']);
    const again = await send(testKeys.trade, trade);
    expect(again.door).toBe(true);
    expect(JSON.parse(again.body)).toMatchObject({ data: null, errors: [{ path: ['trade'], extensions: { code: 'RATE_LIMITED' } }] });
  });

  it('executes an operation of which only some root fields would be refused', async () => {
    const query = '{ viewer { id } ohlcv(symbol: "BNBBTC", interval: HOUR_1, limit: 1, start: "2024-01-01T00:00:00.000Z") { close } }';
    const first = await send(testKeys.trade, query);
    const second = await send(testKeys.trade, query);
    for (const answer of [first, second]) {
      expect(answer.door).toBe(false);
      expect(JSON.parse(answer.body)).toMatchObject({ data: null, errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    }
  });

  it('keeps nothing a request carried: no variables, only the arguments that key a budget', () => {
    const shapes = new OperationShapes();
    const key = queryCacheKey('mutation ($input: ExchangeCredentialsInput!) { setExchangeCredentials(input: $input) { kind } }', { input: { secret: 's3cret' } }, null);
    const policy = { coordinate: 'Mutation.setExchangeCredentials', scopes: ['live'], cacheable: false, rateLimit: { max: 10, window: '1m', windowMs: 60_000, identityArgs: ['symbol'] } };
    const field = { responseKey: 'setExchangeCredentials', location: undefined, nonNull: true, policy, args: { input: { secret: 's3cret' }, symbol: 'BTCUSDT' } };
    shapes.set(key, { operationName: undefined, operationType: 'mutation', rootFields: [field] });
    expect(shapes.get(key)?.rootFields[0]?.args).toEqual({ symbol: 'BTCUSDT' });
    expect(JSON.stringify(shapes)).not.toContain('s3cret');
  });
});
