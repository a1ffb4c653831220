/**
 * No secret reaches a log line or a response: client keys (valid and not), and the exchange key
 * and secret, while requests go over HTTP, SSE and WebSocket, are refused, fail upstream and place
 * a signed live order. Logs are captured at trace level, the most talkative.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/schema.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { firstResult, type Transport } from './transports.js';

const exchangeKey = 'exchange-key-5d1c0f7e2b';
const exchangeSecret = 'exchange-secret-8a4e19c3d6';
const unknownKeys = ['gw_unknown-key-3f9a7b21', 'wrong-key-c0ffee-77'];
const secrets = [...Object.values(testKeys), ...unknownKeys, exchangeKey, exchangeSecret];

const servedFields = new Set(
  [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((t) => Object.keys(t?.getFields() ?? {})),
);
const order = '{ symbol: "BTCUSDT", side: BUY, type: MARKET, quantity: "0.001" }';
/** Operations to drive, where the gateway serves them: reads, a refused scope, an upstream failure, a signed order. */
const operations: { field: string; query: string; transports: Transport[] }[] = [
  { field: 'viewer', query: '{ viewer { id scopes rateLimits { field remaining } exchangeWeight { used } } }', transports: ['http', 'sse', 'ws'] },
  { field: 'ohlcv', query: '{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 3) { close } }', transports: ['http', 'sse'] },
  { field: 'market', query: '{ market(symbol: "NOPEUSDT") { symbol } }', transports: ['http'] },
  { field: 'trade', query: `mutation { trade(input: ${order}) { status } }`, transports: ['http'] },
  { field: 'liveTrade', query: `mutation { liveTrade(input: ${order}) { status exchangeOrderId } }`, transports: ['http'] },
  { field: 'candles', query: 'subscription { candles(symbol: "BTCUSDT", interval: MIN_1) { close } }', transports: ['sse', 'ws'] },
];

let fake: FakeExchange;
let gateway: TestGateway;
const responses: string[] = [];

beforeAll(async () => {
  fake = await startFakeExchange({ apiKey: exchangeKey, apiSecret: exchangeSecret, streamUpdateIntervalMs: 100 });
  gateway = await startTestGateway({
    fake,
    env: { LOG_LEVEL: 'trace', LIVE_TRADING: 'on', BINANCE_API_KEY: exchangeKey, BINANCE_API_SECRET: exchangeSecret },
  });
  // An upstream failure, so that error paths log too.
  fake.inject('/api/v3/klines', { status: 500, times: 2 });
  for (const { query, transports } of operations.filter((op) => servedFields.has(op.field))) {
    for (const transport of transports) {
      const keys = [...Object.values(testKeys), ...unknownKeys, undefined];
      const results = await Promise.all(keys.map((apiKey) => firstResult(transport, gateway.url, query, { apiKey })));
      responses.push(...results.map((r) => r.raw));
    }
  }
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe('secrets', () => {
  it('drove requests that logged', () => {
    expect(responses.length).toBeGreaterThan(50);
    expect(gateway.logLines.length).toBeGreaterThan(20);
  });

  it.each(secrets)('%s appears in no log line', (secret) => {
    expect(gateway.logLines.filter((line) => line.includes(secret))).toEqual([]);
  });

  it.each(secrets)('%s appears in no response', (secret) => {
    expect(responses.filter((body) => body.includes(secret))).toEqual([]);
  });
});
