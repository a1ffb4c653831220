/**
 * The security suite on every operation of the contract, one line each, over the transports that
 * carry it. An operation whose field the gateway does not serve yet is left out (and named by the
 * last test), and every root field the gateway serves must be listed here.
 */
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/schema.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { describeSecurity, type ProtectedOperation } from './security-suite.js';

const candles = 'subscription { candles(symbol: "BTCUSDT", interval: MIN_1) { openTime close closed } }';
const order = '{ symbol: "BTCUSDT", side: BUY, type: MARKET, quantity: "0.001" }';
const orderUpdates = 'subscription ($mode: TradeMode!) { orderUpdates(mode: $mode) { event order { clientOrderId } } }';
const orderBook = 'subscription { orderBook(symbol: "BTCUSDT", depth: 5) { lastUpdateId bids { price } } }';

const operations: ProtectedOperation[] = [
  { field: 'Query.ohlcv', scope: 'read', transport: 'http', query: '{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 2) { close } }' },
  { field: 'Query.ohlcv', scope: 'read', transport: 'sse', query: '{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 2) { close } }' },
  { field: 'Query.market', scope: 'read', transport: 'http', query: '{ market(symbol: "BTCUSDT") { symbol status } }' },
  { field: 'Query.markets', scope: 'read', transport: 'http', query: '{ markets(symbols: ["BTCUSDT"]) { symbol candles(interval: MIN_1, limit: 1) { close } } }' },
  { field: 'Query.viewer', scope: 'any', transport: 'http', query: '{ viewer { id scopes rateLimits { field remaining } exchangeWeight { used } exchangeCredentials { kind } } }' },
  { field: 'Query.paperAccount', scope: 'trade', transport: 'http', query: '{ paperAccount { balances { asset free locked } } }' },
  { field: 'Mutation.trade', scope: 'trade', transport: 'http', query: `mutation { trade(input: ${order}) { clientOrderId status } }` },
  { field: 'Mutation.liveTrade', scope: 'live', transport: 'http', query: `mutation { liveTrade(input: ${order}) { clientOrderId status } }` },
  {
    field: 'Mutation.setExchangeCredentials',
    scope: 'live',
    transport: 'http',
    query: 'mutation { setExchangeCredentials(input: { apiKey: "abc", secret: "def" }) { apiKeyHint } }',
  },
  { field: 'Mutation.deleteExchangeCredentials', scope: 'live', transport: 'http', query: 'mutation { deleteExchangeCredentials }' },
  { field: 'Query.apiKeys', scope: 'admin', transport: 'http', query: '{ apiKeys { id source } }' },
  { field: 'Mutation.createApiKey', scope: 'admin', transport: 'http', query: 'mutation { createApiKey(input: { id: "security-suite", scopes: ["read"] }) { apiKey { id } } }' },
  { field: 'Mutation.revokeApiKey', scope: 'admin', transport: 'http', query: 'mutation { revokeApiKey(id: "no-such-key") { id } }' },
  { field: 'Subscription.candles', scope: 'read', transport: 'sse', query: candles },
  { field: 'Subscription.candles', scope: 'read', transport: 'ws', query: candles },
  { field: 'Query.liveAccount', scope: 'live', transport: 'http', query: '{ liveAccount { canTrade balances { asset } } }' },
  { field: 'Mutation.cancelOrder', scope: 'trade', transport: 'http', query: 'mutation { cancelOrder(symbol: "BTCUSDT", clientOrderId: "none") { status } }' },
  { field: 'Mutation.cancelOpenOrders', scope: 'trade', transport: 'http', query: 'mutation { cancelOpenOrders(symbol: "BTCUSDT") { status } }' },
  { field: 'Mutation.cancelLiveOrder', scope: 'live', transport: 'http', query: 'mutation { cancelLiveOrder(symbol: "BTCUSDT", clientOrderId: "none") { status } }' },
  { field: 'Mutation.cancelLiveOpenOrders', scope: 'live', transport: 'http', query: 'mutation { cancelLiveOpenOrders(symbol: "BTCUSDT") { status } }' },
  ...(['sse', 'ws'] as const).flatMap((transport): ProtectedOperation[] => [
    { field: 'Subscription.orderUpdates', scope: 'trade', transport, query: orderUpdates, variables: { mode: 'PAPER' }, quietMs: 1000 },
    { field: 'Subscription.orderUpdates', scope: 'live', transport, query: orderUpdates, variables: { mode: 'LIVE' }, quietMs: 1000 },
  ]),
  { field: 'Query.market', scope: 'read', transport: 'http', query: '{ market(symbol: "BTCUSDT") { ticker { lastPrice } orderBook(depth: 5) { lastUpdateId } trades(limit: 2) { id } } }' },
  { field: 'Subscription.orderBook', scope: 'read', transport: 'sse', query: orderBook },
  { field: 'Subscription.orderBook', scope: 'read', transport: 'ws', query: orderBook },
  { field: 'Subscription.trades', scope: 'read', transport: 'sse', query: 'subscription { trades(symbol: "BTCUSDT") { id price } }' },
  { field: 'Subscription.ticker', scope: 'read', transport: 'ws', query: 'subscription { ticker(symbol: "BTCUSDT") { lastPrice } }' },
];

function served(coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.') as [string, string];
  const type = schema.getType(typeName);
  return isObjectType(type) && fieldName in type.getFields();
}

let fake: FakeExchange;
let gateway: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
  gateway = await startTestGateway({ fake });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe('security suite', () => {
  for (const operation of operations.filter((op) => served(op.field))) describeSecurity(operation, () => gateway.url);
});

describe('coverage of the security suite', () => {
  it('lists every root field the gateway serves', () => {
    const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      type ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [],
    );
    const listed = new Set(operations.map((op) => op.field));
    expect(rootFields.filter((field) => !listed.has(field))).toEqual([]);
  });
});
