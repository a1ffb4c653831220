/**
 * Every transport refuses a revoked key within a second, on another instance than the one that
 * revoked it: an open SSE subscription ends with UNAUTHENTICATED, an open WebSocket connection is
 * closed with 4403 (its subscription with it), and new requests are refused over HTTP (the cached
 * front door included), SSE and WebSocket alike.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { expectData } from '../helpers/graphql-client.js';
import { openSse } from '../helpers/sse-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { TestStores } from '../helpers/test-stores.js';
import { waitUntil } from '../streaming/live-clients.js';
import { firstResult } from './transports.js';

const candles = 'subscription { candles(symbol: "BTCUSDT", interval: MIN_1) { openTime close closed } }';
const cachedQuery = '{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 3, start: "2024-01-01T00:00:00.000Z") { close } }';

let fake: FakeExchange;
const stores = new TestStores();
let revoker: TestGateway;
let server: TestGateway;
let key: string;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
  const store = await stores.create('redis');
  [revoker, server] = await Promise.all([startTestGateway({ fake, store }), startTestGateway({ fake, store })]);
  const created = await revoker.execute<{ createApiKey: { key: string } }>(
    'mutation { createApiKey(input: { id: "soon-revoked", scopes: ["read"] }) { key } }',
    { apiKey: testKeys.admin },
  );
  key = expectData(created).createApiKey.key;
});

afterAll(async () => {
  await Promise.all([revoker?.stop(), server?.stop()]);
  await stores.closeAll();
  await fake?.close();
});

describe('a key revoked while it is in use', () => {
  it('is refused by every transport of another instance within a second', async () => {
    // In use everywhere: an SSE subscription, a WebSocket subscription, and a query the door serves from its cache.
    const sse = await openSse(server.url, candles, { apiKey: key });
    expect(sse.status).toBe(200);
    await sse.waitFor((payloads) => payloads.some((payload) => payload.data));

    let closeCode: number | undefined;
    const ws: Client = createClient({
      url: `${server.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': key },
      retryAttempts: 0,
      on: { closed: (event) => void (closeCode = (event as { code: number }).code) },
    });
    const wsEvents: unknown[] = [];
    let wsEnded = false;
    ws.subscribe({ query: candles }, { next: (event) => void wsEvents.push(event), error: () => void (wsEnded = true), complete: () => void (wsEnded = true) });
    await waitUntil(() => wsEvents.length > 0, 'a WebSocket event');

    for (let i = 0; i < 2; i++) expect((await server.execute(cachedQuery, { apiKey: key })).status).toBe(200);
    const hitsBefore = server.gateway.queryCache.hits;
    expect((await server.execute(cachedQuery, { apiKey: key })).status).toBe(200);
    expect(server.gateway.queryCache.hits).toBe(hitsBefore + 1);

    const revoked = await revoker.execute('mutation { revokeApiKey(id: "soon-revoked") { revokedAt } }', { apiKey: testKeys.admin });
    expectData(revoked);
    const revokedAt = performance.now();

    await sse.ended(1000);
    const last = sse.payloads.at(-1);
    expect(last?.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
    await waitUntil(() => closeCode !== undefined && wsEnded, 'the WebSocket to close', 1000);
    expect(closeCode).toBe(4403);
    expect(performance.now() - revokedAt).toBeLessThan(1000);

    const cached = await server.execute(cachedQuery, { apiKey: key });
    expect(cached.status).toBe(401);
    expect(cached.errors?.[0]?.message).toBe('This API key has been revoked.');
    for (const transport of ['http', 'sse'] as const) {
      const result = await firstResult(transport, server.url, transport === 'sse' ? candles : '{ viewer { id } }', { apiKey: key });
      expect(result.status, transport).toBe(401);
      expect(result.codes).toEqual(['UNAUTHENTICATED']);
    }
    expect((await firstResult('ws', server.url, candles, { apiKey: key })).closeCode).toBe(4403);
    await ws.dispose();
  });
});
