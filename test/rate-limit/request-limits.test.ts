/**
 * Bounds on one request: body size (HTTP 413, WebSocket close 1009), depth, aliases, tokens, directives and cost (graphql-armor,
 * as BAD_USER_INPUT with a plain message), while every legitimate contract query still passes;
 * field suggestions only outside production.
 */
import { getIntrospectionQuery, Kind, OperationTypeNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { schema } from '../../src/schema/schema.js';
import { exampleOperations } from '../../src/server/graphiql.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData, type GraphQLResponse } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

const candleFields = 'openTime closeTime open high low close volume quoteVolume trades closed';
/** 20 aliased markets → candles selections with every field: heavy, but what a dashboard may ask. */
const twentyMarkets = `{ ${Array.from({ length: 20 }, (_, i) => `m${i}: markets(symbols: ["BTCUSDT"]) { symbol baseAsset quoteAsset status candles(interval: MIN_1, limit: 2) { ${candleFields} } }`).join(' ')} }`;
const paperAccount = '{ paperAccount { balances { asset free locked } orders { symbol side status quantity fills { price quantity commission commissionAsset } } } }';
/** 10 levels through __type (which, unlike __schema, counts). */
const tenDeep = '{ __type(name: "Query") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }';
/** Few tokens, huge cost: one fragment spread a hundred times. */
const fragmentBomb = `{ __type(name: "Query") { ${'...T '.repeat(100)}} } fragment T on __Type { fields { name args { name type { name ofType { name ofType { name } } } } } }`;

let fake: FakeExchange;
let gateway: TestGateway;
let production: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange();
  gateway = await startTestGateway({ fake });
  production = await startTestGateway({ fake, env: { NODE_ENV: 'production' } });
});

afterAll(async () => {
  await gateway?.stop();
  await production?.stop();
  await fake?.close();
});

const run = (query: string) => gateway.execute(query, { apiKey: testKeys.all });

function expectRejected(result: GraphQLResponse, message: RegExp): void {
  expect(errorCode(result), JSON.stringify(result)).toBe('BAD_USER_INPUT');
  expect(result.errors?.[0]?.message).toMatch(message);
  expect(result.errors?.[0]?.message).not.toMatch(/Syntax Error/);
  expect(result.data ?? null).toBeNull();
}

describe('request limits', () => {
  it("let every operation of GraphiQL's example document through", async () => {
    const operations = parse(exampleOperations).definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION && d.operation !== OperationTypeNode.SUBSCRIPTION && d.name ? [d.name.value] : [],
    );
    expect(operations.length).toBeGreaterThan(3);
    for (const operationName of operations) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': testKeys.all },
        body: JSON.stringify({ query: exampleOperations, operationName }),
      });
      const result = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      expect(response.status, operationName).toBe(200);
      // The live trade may be refused (LIVE_TRADING is off), but not by the request limits.
      expect(result.errors?.filter((e) => /Operation rejected/.test(e.message)) ?? [], operationName).toEqual([]);
      // Executed (a `data` entry, null where a non-null field failed), not refused before execution.
      expect(result, `${operationName}: ${JSON.stringify(result.errors)}`).toHaveProperty('data');
    }
  });

  it('let every legitimate contract query through', async () => {
    expectData(await run(getIntrospectionQuery()));
    expectData(await run(twentyMarkets));
    if ('paperAccount' in (schema.getQueryType()?.getFields() ?? {})) expectData(await run(paperAccount));
  });

  it('bound the depth', async () => {
    expectRejected(await run(tenDeep), /Operation rejected: Query depth limit of 8 exceeded, found 10/);
  });

  it('bound the aliases', async () => {
    const aliases = `{ ${Array.from({ length: 21 }, (_, i) => `v${i}: viewer { id }`).join(' ')} }`;
    expectRejected(await run(aliases), /Aliases limit of 20 exceeded, found 21/);
  });

  it('bound the tokens', async () => {
    expectRejected(await run(`{ viewer { ${'id '.repeat(2000)}} }`), /Token limit of 2000 exceeded/);
  });

  it('bound the directives', async () => {
    expectRejected(await run(`{ viewer { id ${'@include(if: true) '.repeat(51)}} }`), /Directives limit of 50 exceeded, found 51/);
  });

  it('bound the cost', async () => {
    expectRejected(await run(fragmentBomb), /Query Cost limit of 5000 exceeded/);
  });

  it('answer a rejection with HTTP 400 to clients that accept application/graphql-response+json', async () => {
    const result = await gateway.execute(tenDeep, { apiKey: testKeys.all, headers: { accept: 'application/graphql-response+json' } });
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
  });

  it('refuse a body over MAX_REQUEST_BODY_BYTES with HTTP 413', async () => {
    const result = await gateway.execute('query Big($pad: String) { viewer { id } }', {
      apiKey: testKeys.all,
      variables: { pad: 'x'.repeat(100_001) },
    });
    expect(result.status).toBe(413);
    expect(errorCode(result)).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('close a WebSocket whose message is over MAX_REQUEST_BODY_BYTES (1009)', async () => {
    const socket = new WebSocket(`${gateway.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { 'x-api-key': testKeys.all, pad: 'x'.repeat(100_001) } }));
    expect(await closed).toBe(1009);
  });

  it('suggest field names in development only', async () => {
    const misspelt = '{ viewr { id } }';
    expect((await gateway.execute(misspelt, { apiKey: testKeys.all })).errors?.[0]?.message).toMatch(/Did you mean "viewer"/);
    const answer = await production.execute(misspelt, { apiKey: testKeys.all });
    expect(answer.errors?.[0]?.message).toMatch(/Cannot query field "viewr"/);
    expect(answer.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
