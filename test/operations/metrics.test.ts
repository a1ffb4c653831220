/**
 * GET /metrics over real HTTP, without an API key: the Prometheus text of this gateway's own
 * registry, with GraphQL operations by name and outcome, upstream requests by endpoint and status,
 * the exchange weight, candle cache hits and misses, active subscriptions and upstream streams,
 * upstream reconnects, and paper and live orders by outcome. Label values stay bounded.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { openSse } from '../helpers/sse-client.js';
import { startTestGateway } from '../helpers/test-gateway.js';
import { fake, gw, useLiveTradingGateway } from './live-trading-gateway.js';
import { parseSamples, scrape, sampleValue, type Sample } from './prometheus-text.js';

useLiveTradingGateway({ QUERY_CACHE_TTL_MS: '0', RATE_LIMIT_MARKET_DATA_PER_MINUTE: '100000' });

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const history = (start: string) =>
  `query History { ohlcv(symbol: "BTCUSDT", interval: HOUR_1, limit: 5, start: "${start}") { close } }`;

describe('GET /metrics', () => {
  it('answers the Prometheus text format without an API key, process metrics included', async () => {
    const response = await fetch(`${gw.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    for (const name of [
      'gateway_graphql_operations_total',
      'gateway_graphql_operation_duration_seconds',
      'gateway_upstream_requests_total',
      'gateway_upstream_request_duration_seconds',
      'gateway_exchange_weight_used',
      'gateway_candle_cache_lookups_total',
      'gateway_query_cache_hits_total',
      'gateway_subscriptions_active',
      'gateway_upstream_streams',
      'gateway_upstream_reconnects_total',
      'gateway_orders_total',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect((await fetch(`${gw.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('counts operations by name and outcome, with their latency', async () => {
    const before = await scrape(gw.url);
    const okBefore = sampleValue(before, 'gateway_graphql_operations_total', { operation: 'History', outcome: 'ok' });
    expectData(await gw.execute(history('2023-01-01T00:00:00.000Z'), { apiKey: testKeys.read }));
    expectData(await gw.execute(history('2023-01-01T00:00:00.000Z'), { apiKey: testKeys.read }));
    expect(errorCode(await gw.execute(history('2023-01-01T00:00:00.000Z'), { apiKey: testKeys.trade }))).toBe('FORBIDDEN');
    expect((await gw.execute('{ viewer { id } }', { apiKey: 'not-a-key' })).status).toBe(401);

    const after = await scrape(gw.url);
    const count = (labels: Record<string, string>) => sampleValue(after, 'gateway_graphql_operations_total', labels);
    expect(count({ operation: 'History', type: 'query', outcome: 'ok' })).toBe(okBefore + 2);
    expect(count({ operation: 'History', type: 'query', outcome: 'FORBIDDEN' })).toBe(1);
    expect(count({ operation: 'anonymous', outcome: 'UNAUTHENTICATED' })).toBe(1);
    expect(sampleValue(after, 'gateway_graphql_operation_duration_seconds_count', { operation: 'History', type: 'query' })).toBe(okBefore + 3);
    expect(sampleValue(after, 'gateway_graphql_operation_duration_seconds_bucket', { operation: 'History', type: 'query', le: '+Inf' })).toBe(okBefore + 3);
  });

  it('counts upstream requests by endpoint and status, candle cache hits and misses, and the exchange weight', async () => {
    const before = await scrape(gw.url);
    const klines = (samples: Sample[], status: string) =>
      sampleValue(samples, 'gateway_upstream_requests_total', { endpoint: '/api/v3/klines', method: 'GET', status });
    const lookups = (samples: Sample[], result: string) => sampleValue(samples, 'gateway_candle_cache_lookups_total', { result });

    expectData(await gw.execute(history('2022-06-01T00:00:00.000Z'), { apiKey: testKeys.read }));
    expectData(await gw.execute(history('2022-06-01T00:00:00.000Z'), { apiKey: testKeys.read }));
    fake.inject('/api/v3/klines', { status: 500, times: 3 });
    expect(errorCode(await gw.execute(history('2021-06-01T00:00:00.000Z'), { apiKey: testKeys.read }))).toBe('UPSTREAM_UNAVAILABLE');

    const after = await scrape(gw.url);
    expect(klines(after, '200')).toBe(klines(before, '200') + 1);
    expect(klines(after, '500')).toBe(klines(before, '500') + 1);
    expect(sampleValue(after, 'gateway_upstream_request_duration_seconds_count', { endpoint: '/api/v3/klines' })).toBe(
      klines(after, '200') + klines(after, '500'),
    );
    expect(lookups(after, 'miss')).toBeGreaterThan(lookups(before, 'miss'));
    expect(lookups(after, 'hit')).toBeGreaterThan(lookups(before, 'hit'));
    expect(sampleValue(after, 'gateway_exchange_weight_used')).toBeGreaterThan(0);
    expect(sampleValue(after, 'gateway_exchange_weight_limit')).toBe(6000);
  });

  it('counts paper and live orders by outcome', async () => {
    const trade = `mutation ($input: TradeInput!) { trade(input: $input) { status } }`;
    const liveTrade = `mutation ($input: TradeInput!) { liveTrade(input: $input) { status } }`;
    const order = (quantity: string) => ({ input: { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity } });
    const before = await scrape(gw.url);
    const orders = (samples: Sample[], mode: string, outcome: string) => sampleValue(samples, 'gateway_orders_total', { mode, outcome });

    expect(expectData(await gw.execute<{ trade: { status: string } }>(trade, { apiKey: testKeys.all, variables: order('0.001') })).trade.status).toBe('FILLED');
    expect(errorCode(await gw.execute(trade, { apiKey: testKeys.all, variables: order('5') }))).toBe('INSUFFICIENT_BALANCE');
    expect(expectData(await gw.execute<{ liveTrade: { status: string } }>(liveTrade, { apiKey: testKeys.all, variables: order('0.001') })).liveTrade.status).toBe('FILLED');

    const after = await scrape(gw.url);
    expect(orders(after, 'paper', 'FILLED')).toBe(orders(before, 'paper', 'FILLED') + 1);
    expect(orders(after, 'paper', 'INSUFFICIENT_BALANCE')).toBe(orders(before, 'paper', 'INSUFFICIENT_BALANCE') + 1);
    expect(orders(after, 'live', 'FILLED')).toBe(orders(before, 'live', 'FILLED') + 1);
  });

  it('shows active subscriptions per transport, upstream streams and reconnects', async () => {
    const subscription = 'subscription { candles(symbol: "ETHUSDT", interval: MIN_1) { close } }';
    // Streams held already (the paper trades above follow BTCUSDT's best bid and ask for a while).
    const streamsBefore = sampleValue(await scrape(gw.url), 'gateway_upstream_streams');
    const sse = await openSse(gw.url, subscription, { apiKey: testKeys.read });
    const ws = createClient({
      url: `${gw.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': testKeys.read },
      retryAttempts: 0,
    });
    let wsEvents = 0;
    const unsubscribe = ws.subscribe({ query: subscription }, { next: () => void wsEvents++, error: () => undefined, complete: () => undefined });
    try {
      await sse.waitFor((payloads) => payloads.length > 0);
      await until(async () => wsEvents > 0, 'a WebSocket event');
      const open = await scrape(gw.url);
      expect(sampleValue(open, 'gateway_subscriptions_active', { transport: 'http' })).toBe(1);
      expect(sampleValue(open, 'gateway_subscriptions_active', { transport: 'ws' })).toBe(1);
      // Two subscribers of one candle stream: one upstream stream more.
      expect(sampleValue(open, 'gateway_upstream_streams')).toBe(streamsBefore + 1);
      expect(sampleValue(open, 'gateway_upstream_stream_connections')).toBe(1);

      const reconnectsBefore = sampleValue(open, 'gateway_upstream_reconnects_total');
      fake.streams.dropConnections();
      await until(
        async () => sampleValue(await scrape(gw.url), 'gateway_upstream_reconnects_total') > reconnectsBefore,
        'the reconnect to be counted',
      );
    } finally {
      sse.close();
      unsubscribe();
      await ws.dispose();
    }
    await until(async () => {
      const closed = await scrape(gw.url);
      return sampleValue(closed, 'gateway_subscriptions_active', { transport: 'http' }) === 0 &&
        sampleValue(closed, 'gateway_subscriptions_active', { transport: 'ws' }) === 0;
    }, 'both subscriptions to be counted as ended');
  });

  it('keeps operation names bounded: past the cap, new names (and names that are no GraphQL name) count as "other"', async () => {
    const metrics = new GatewayMetrics({ outcomes: ['RATE_LIMITED'], endpoints: [], maxOperationNames: 3, defaultMetrics: false });
    for (const name of ['A', 'B', 'C', 'D', 'E', 'A']) metrics.recordOperation({ operation: name, type: 'query', outcome: 'ok', durationMs: 1 });
    metrics.recordOperation({ operation: undefined, type: 'query', outcome: 'SOMETHING_NEW', durationMs: 1 });
    const samples = parseSamples(await metrics.text());
    const operations = samples.filter((s) => s.name === 'gateway_graphql_operations_total');
    expect(operations.map((s) => [s.labels.operation, s.labels.outcome, s.value]).sort()).toEqual([
      ['A', 'ok', 2],
      ['B', 'ok', 1],
      ['C', 'ok', 1],
      ['other', 'error', 1],
      ['other', 'ok', 2],
    ]);
  });

  it('keeps one registry per gateway: another gateway in the same process counts only its own', async () => {
    const other = await startTestGateway({ fake });
    try {
      expectData(await other.execute('query OnlyHere { __typename }', { apiKey: testKeys.read }));
      expect(sampleValue(await scrape(other.url), 'gateway_graphql_operations_total', { operation: 'OnlyHere' })).toBe(1);
      expect(sampleValue(await scrape(gw.url), 'gateway_graphql_operations_total', { operation: 'OnlyHere' })).toBe(0);
    } finally {
      await other.stop();
    }
  });
});
