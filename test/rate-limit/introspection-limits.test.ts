/**
 * Introspection is bounded like any other query: the standard introspection query (what GraphiQL
 * and codegen send, in each of its option sets) passes, a deep `ofType` chain under `__schema` is
 * refused with BAD_USER_INPUT, and INTROSPECTION=off refuses `__schema` and `__type` with a clear
 * error while `__typename` and data queries still work.
 */
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';

/** `__schema { types { ofType { ofType … } } }`, `levels` of ofType. */
function ofTypeChain(levels: number): string {
  return `{ __schema { types { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;
}

let fake: FakeExchange;
let open: TestGateway;
let closed: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange();
  open = await startTestGateway({ fake });
  closed = await startTestGateway({ fake, env: { INTROSPECTION: 'off' } });
});
afterAll(async () => {
  await open?.stop();
  await closed?.stop();
  await fake?.close();
});

describe('introspection with INTROSPECTION=on (the default)', () => {
  const variants = {
    'getIntrospectionQuery()': getIntrospectionQuery(),
    "GraphiQL's (input value deprecation)": getIntrospectionQuery({ inputValueDeprecation: true }),
    'every option on': getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    }),
  };
  for (const [name, query] of Object.entries(variants)) {
    it(`answers the standard introspection query: ${name}`, async () => {
      const data = expectData(await open.execute<{ __schema: { types: unknown[] } }>(query, { apiKey: testKeys.read }));
      expect(data.__schema.types.length).toBeGreaterThan(20);
    });
  }

  it('refuses a 50-level ofType chain under __schema with BAD_USER_INPUT, before executing it', async () => {
    const result = await open.execute(ofTypeChain(50), { apiKey: testKeys.read });
    expect(errorCode(result), JSON.stringify(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/Operation rejected: Query depth limit of 22 exceeded, found 53/);
    expect(result.data ?? null).toBeNull();
  });

  it('answers a chain as deep as the standard query itself', async () => {
    expectData(await open.execute(ofTypeChain(19), { apiKey: testKeys.read }));
  });

  it('refuses a short introspection query whose cost explodes (a fragment spread 300 times)', async () => {
    const fragment =
      'fragment T on __Type { fields { name description args { name description type { name ofType { name ofType { name } } } } ' +
      'type { name kind ofType { name kind ofType { name kind } } } } }';
    const bomb = `{ __schema { types { ${'...T '.repeat(300)}} } } ${fragment}`;
    const result = await open.execute(bomb, { apiKey: testKeys.read });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.map((e) => e.message).join(' ')).toMatch(/Query Cost limit of 100000 exceeded/);
  });
});

describe('INTROSPECTION=off', () => {
  it('refuses __schema and __type with a clear error', async () => {
    for (const query of [getIntrospectionQuery(), '{ __type(name: "Query") { name } }']) {
      const result = await closed.execute(query, { apiKey: testKeys.read });
      expect(errorCode(result)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.errors?.[0]?.message).toMatch(/Introspection is disabled on this gateway \(INTROSPECTION=off\): "__(schema|type)" is not answered/);
      expect(result.data ?? null).toBeNull();
    }
  });

  it('still answers data queries and __typename', async () => {
    const data = expectData(await closed.execute<{ viewer: { __typename: string; id: string } }>('{ viewer { __typename id } }', { apiKey: testKeys.read }));
    expect(data.viewer).toEqual({ __typename: 'Viewer', id: 'read' });
  });

  it('rejects a value other than on or off at start-up, naming the variable', async () => {
    const { loadConfig } = await import('../../src/config/load-config.js');
    expect(() => loadConfig({ INTROSPECTION: 'no' })).toThrow(/INTROSPECTION/);
  });
});
