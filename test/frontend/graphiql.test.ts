/**
 * GraphiQL at GET /graphql: opens with an example for every root field, the X-API-Key header ready
 * (the development key only outside production), and its subscriptions reach the gateway with the
 * key, run the way GraphiQL's own client (graphql-tools' UrlLoader) runs them.
 */
import { SubscriptionProtocol, UrlLoader } from '@graphql-tools/url-loader';
import { isAsyncIterable, type ExecutionResult } from '@graphql-tools/utils';
import { isObjectType, Kind, parse, validate, visit, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/schema.js';
import { apiKeyPlaceholder, exampleOperations, graphiqlOptions } from '../../src/server/graphiql.js';
import { testKeys } from '../helpers/api-keys.js';
import { devGateway, gateway, usePageGateways } from './page-gateways.js';

interface RenderedOptions {
  defaultQuery: string;
  headers: string;
  subscriptionsProtocol: string;
}

usePageGateways();

/** The options Yoga rendered into the GraphiQL page (the argument of renderYogaGraphiQL). */
async function renderedOptions(baseUrl: string): Promise<RenderedOptions> {
  const response = await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/html');
  const html = await response.text();
  // The bundled page (@graphql-yoga/render-graphiql) calls renderYogaGraphiQL(element, {options}).
  const json = /renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),?\s*\);?\s*<\/script>/s.exec(html)?.[1];
  expect(json, 'GraphiQL page without options').toBeTruthy();
  return JSON.parse(json ?? '{}') as RenderedOptions;
}

/** Every "Type.field" of the root types a document selects. */
function rootFieldsUsed(source: string, gatewaySchema: GraphQLSchema): Set<string> {
  const used = new Set<string>();
  for (const definition of parse(source).definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = gatewaySchema.getRootType(definition.operation);
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD && root) used.add(`${root.name}.${selection.name.value}`);
    }
  }
  return used;
}

function allRootFields(gatewaySchema: GraphQLSchema): string[] {
  return [gatewaySchema.getQueryType(), gatewaySchema.getMutationType(), gatewaySchema.getSubscriptionType()]
    .filter((type) => isObjectType(type))
    .flatMap((type) => Object.keys(type.getFields()).map((field) => `${type.name}.${field}`));
}

describe('GraphiQL', () => {
  it('opens with the examples, SSE subscriptions and a header waiting for a key', async () => {
    const options = await renderedOptions(gateway.url);
    expect(options.defaultQuery).toBe(exampleOperations);
    expect(options.subscriptionsProtocol).toBe('SSE');
    // This gateway has configured keys, so there is nothing to pre-fill.
    expect(JSON.parse(options.headers)).toEqual({ 'X-API-Key': apiKeyPlaceholder });
  });

  it('has a valid example for every root field of the schema', () => {
    expect(validate(schema, parse(exampleOperations))).toEqual([]);
    expect([...rootFieldsUsed(exampleOperations, schema)].sort()).toEqual(allRootFields(schema).sort());
    // "Viewer with budgets": the rate-limit and exchange-weight budgets are in the example too.
    const viewerFields: string[] = [];
    visit(parse(exampleOperations), {
      Field: (node) => {
        if (['rateLimits', 'exchangeWeight'].includes(node.name.value)) viewerFields.push(node.name.value);
      },
    });
    expect(viewerFields.sort()).toEqual(['exchangeWeight', 'rateLimits']);
  });

  it('pre-fills the development key in development, and never in production', async () => {
    const devKey = devGateway.config.devApiKey;
    expect(devKey).toBeTruthy();
    const options = await renderedOptions(devGateway.url);
    expect(JSON.parse(options.headers)).toEqual({ 'X-API-Key': devKey });

    const production = graphiqlOptions({ devApiKey: 'a-development-key', production: true });
    expect(production.headers).not.toContain('a-development-key');
    expect(JSON.parse(production.headers ?? '{}')).toEqual({ 'X-API-Key': apiKeyPlaceholder });
  });

  it('runs every example query and mutation as written', async () => {
    const outcomes: Record<string, unknown> = {};
    const admin = ['ApiKeys', 'CreateApiKey', 'RevokeApiKey'];
    const orders = ['PaperLimitOrder', 'PaperStopLoss', 'CancelPaperOrder', 'CancelPaperOrders', 'LiveAccount', 'CancelLiveOrder', 'CancelLiveOrders'];
    for (const name of ['Candles', 'Markets', 'MarketData', 'Viewer', 'PaperAccount', 'PaperTrade', ...orders, 'LiveTrade', 'SetExchangeCredentials', 'DeleteExchangeCredentials', ...admin]) {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': admin.includes(name) ? testKeys.admin : testKeys.all },
        body: JSON.stringify({ query: exampleOperations, operationName: name }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      outcomes[name] = body.errors?.[0]?.extensions?.code ?? 'ok';
    }
    // Live trading is off in tests: the example reaches the mutation and gets the contract's answer.
    expect(outcomes).toEqual({
      Candles: 'ok',
      Markets: 'ok',
      MarketData: 'ok',
      Viewer: 'ok',
      PaperAccount: 'ok',
      PaperTrade: 'ok',
      PaperLimitOrder: 'ok',
      PaperStopLoss: 'ok',
      CancelPaperOrder: 'ok',
      CancelPaperOrders: 'ok',
      // No BINANCE_API_KEY in tests and no stored credentials: the contract's answer.
      LiveAccount: 'NOT_CONFIGURED',
      CancelLiveOrder: 'LIVE_TRADING_DISABLED',
      CancelLiveOrders: 'LIVE_TRADING_DISABLED',
      LiveTrade: 'LIVE_TRADING_DISABLED',
      // No CREDENTIALS_KEY in tests: the contract's answer.
      SetExchangeCredentials: 'NOT_CONFIGURED',
      DeleteExchangeCredentials: 'ok',
      ApiKeys: 'ok',
      CreateApiKey: 'ok',
      RevokeApiKey: 'ok',
    });
  });

  it("runs the example subscription with the header editor's key, as GraphiQL does", async () => {
    const executor = new UrlLoader().getExecutorAsync(`${gateway.url}/graphql`, {
      subscriptionsProtocol: SubscriptionProtocol.SSE,
      subscriptionsEndpoint: `${gateway.url}/graphql`,
    });
    const result = await executor({
      document: parse(exampleOperations),
      operationName: 'LiveCandles',
      // GraphiQL passes the header editor's contents here, on every request.
      extensions: { headers: { 'X-API-Key': testKeys.read } },
    });
    if (!isAsyncIterable(result)) throw new Error(`expected a stream, got ${JSON.stringify(result)}`);
    const iterator = result[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as ExecutionResult<{ candles: { close: string; closed: boolean } }>;
    await iterator.return?.();
    expect(first.errors).toBeUndefined();
    expect(first.data?.candles.close).toMatch(/^\d+\.\d+$/);
  });
});
