/**
 * The per-operation log line, read from a real gateway's captured JSON log: one line per
 * operation (queries, mutations, subscriptions when they end, requests refused before execution,
 * answers from the query cache) naming the operation, the API key's id, the duration, the outcome
 * and the exchange calls it cost; LOG_LEVEL filters it; and no line, even at trace level, carries a key,
 * the exchange key or secret, or a request signature.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testKeys } from '../helpers/api-keys.js';
import { errorCode, expectData } from '../helpers/graphql-client.js';
import { openSse } from '../helpers/sse-client.js';
import { startTestGateway } from '../helpers/test-gateway.js';
import { exchangeKey, exchangeSecret, fake, gw, useLiveTradingGateway } from './live-trading-gateway.js';

interface OperationLine {
  level: number;
  operation: string | null;
  operationType: string;
  viewer: string | null;
  transport: string;
  durationMs: number;
  outcome: 'ok' | 'error';
  errorCodes?: string[];
  upstreamCalls: number;
  cached?: boolean;
  events?: number;
}

useLiveTradingGateway({ LOG_LEVEL: 'trace', QUERY_CACHE_TTL_MS: '60000' });

function operationLines(from = 0): OperationLine[] {
  return gw.logLines
    .slice(from)
    .map((line) => JSON.parse(line) as OperationLine & { msg: string; component?: string })
    .filter((line) => line.msg === 'operation' && line.component === 'operation');
}

/** Runs `action` and returns the operation lines it wrote. */
async function linesOf(action: () => Promise<unknown>): Promise<OperationLine[]> {
  const from = gw.logLines.length;
  await action();
  return operationLines(from);
}

const history = (symbol: string, start: string) =>
  `query History { ohlcv(symbol: "${symbol}", interval: HOUR_1, limit: 5, start: "${start}") { close } }`;

describe('one log line per operation', () => {
  it('names the operation, the key id, the duration, the outcome and the exchange calls it cost', async () => {
    const requestsBefore = fake.requestCount();
    const [line, ...more] = await linesOf(async () =>
      expectData(await gw.execute(history('BTCUSDT', '2023-05-01T00:00:00.000Z'), { apiKey: testKeys.read })),
    );
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 30, operation: 'History', operationType: 'query', viewer: 'read', transport: 'http', outcome: 'ok' });
    expect(line?.durationMs).toBeGreaterThanOrEqual(0);
    // Nothing else ran meanwhile: every request the exchange saw was made for this operation.
    expect(line?.upstreamCalls).toBe(fake.requestCount() - requestsBefore);
    expect(line?.upstreamCalls).toBeGreaterThan(0);

    const [again] = await linesOf(() => gw.execute(`${history('BTCUSDT', '2023-05-01T00:00:00.000Z')} `, { apiKey: testKeys.readTrade }));
    expect(again).toMatchObject({ operation: 'History', viewer: 'readTrade', outcome: 'ok', upstreamCalls: 0 });
  });

  it('attributes exchange calls to the operation that made them when operations run at once', async () => {
    const requestsBefore = fake.requestCount('/api/v3/klines');
    const lines = await linesOf(() =>
      Promise.all(
        ['BTCUSDT', 'ETHUSDT', 'BNBBTC'].map((symbol) =>
          gw.execute(history(symbol, '2022-02-01T00:00:00.000Z').replace('History', `History_${symbol}`), { apiKey: testKeys.read }),
        ),
      ),
    );
    expect(lines.map((l) => l.operation).sort()).toEqual(['History_BNBBTC', 'History_BTCUSDT', 'History_ETHUSDT']);
    expect(fake.requestCount('/api/v3/klines') - requestsBefore).toBe(3);
    for (const line of lines) expect(line.upstreamCalls).toBe(1);
  });

  it('logs requests refused before execution, with their codes', async () => {
    const [unauthenticated] = await linesOf(() => gw.execute('query Who { viewer { id } }', { apiKey: 'not-a-key' }));
    expect(unauthenticated).toMatchObject({ operation: 'Who', viewer: null, outcome: 'error', errorCodes: ['UNAUTHENTICATED'] });

    const [invalid] = await linesOf(() => gw.execute('query Broken { noSuchField }', { apiKey: testKeys.read }));
    expect(invalid).toMatchObject({ operation: 'Broken', viewer: 'read', outcome: 'error', errorCodes: ['GRAPHQL_VALIDATION_FAILED'] });

    const [unparsable] = await linesOf(() => gw.execute('query Cut { viewer {', { apiKey: testKeys.read }));
    expect(unparsable).toMatchObject({ viewer: 'read', outcome: 'error', errorCodes: ['GRAPHQL_PARSE_FAILED'] });

    const [forbidden] = await linesOf(() => gw.execute('query Mine { paperAccount { balances { asset } } }', { apiKey: testKeys.read }));
    expect(forbidden).toMatchObject({ operation: 'Mine', viewer: 'read', outcome: 'error', errorCodes: ['FORBIDDEN'] });
  });

  it('logs mutations with their outcome', async () => {
    const trade = 'mutation Buy($quantity: Decimal!) { trade(input: { symbol: "BTCUSDT", side: BUY, quantity: $quantity }) { status } }';
    const [filled] = await linesOf(() => gw.execute(trade, { apiKey: testKeys.readTrade, variables: { quantity: '0.001' } }));
    expect(filled).toMatchObject({ operation: 'Buy', operationType: 'mutation', viewer: 'readTrade', outcome: 'ok' });
    const [refused] = await linesOf(() => gw.execute(trade, { apiKey: testKeys.readTrade, variables: { quantity: '50' } }));
    expect(refused).toMatchObject({ operation: 'Buy', outcome: 'error', errorCodes: ['INSUFFICIENT_BALANCE'] });
  });

  it('logs a subscription once, when it ends, over SSE and over WebSocket', async () => {
    const subscription = 'subscription Live { candles(symbol: "BTCUSDT", interval: MIN_1) { close } }';
    const from = gw.logLines.length;
    const sse = await openSse(gw.url, subscription, { apiKey: testKeys.read });
    await sse.waitFor((payloads) => payloads.length >= 2);
    expect(operationLines(from).filter((l) => l.operationType === 'subscription')).toEqual([]);
    sse.close();

    const ws = createClient({ url: `${gw.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { 'x-api-key': testKeys.all }, retryAttempts: 0 });
    let events = 0;
    const unsubscribe = ws.subscribe({ query: subscription }, { next: () => void events++, error: () => undefined, complete: () => undefined });
    while (events < 2) await sleep(20);
    unsubscribe();
    await ws.dispose();

    for (let i = 0; i < 200 && operationLines(from).length < 2; i++) await sleep(20);
    const lines = operationLines(from);
    expect(lines.map((l) => [l.operation, l.operationType, l.transport, l.viewer, l.outcome]).sort()).toEqual([
      ['Live', 'subscription', 'http', 'read', 'ok'],
      ['Live', 'subscription', 'ws', 'all', 'ok'],
    ]);
    for (const line of lines) expect(line.events).toBeGreaterThanOrEqual(2);
  });

  it('logs answers from the query cache like any operation, marked cached', async () => {
    const query = history('ETHUSDT', '2023-07-01T00:00:00.000Z').replace('History', 'Repeat');
    expectData(await gw.execute(query, { apiKey: testKeys.read }));
    const hitsBefore = gw.gateway.queryCache.hits;
    const [line, ...more] = await linesOf(() => gw.execute(query, { apiKey: testKeys.all }));
    expect(gw.gateway.queryCache.hits).toBe(hitsBefore + 1);
    expect(more).toEqual([]);
    expect(line).toMatchObject({ operation: 'Repeat', operationType: 'query', viewer: 'all', outcome: 'ok', upstreamCalls: 0, cached: true });
  });

  it('never writes an API key, the exchange key or secret, or a signature, at trace level', async () => {
    const liveTrade = 'mutation Live { liveTrade(input: { symbol: "BTCUSDT", side: BUY, quantity: "0.001" }) { status } }';
    expect(expectData(await gw.execute<{ liveTrade: { status: string } }>(liveTrade, { apiKey: testKeys.all })).liveTrade.status).toBe('FILLED');
    fake.inject('/api/v3/order', { status: 400, body: { code: -2010, msg: 'Account has insufficient balance for requested action.' } });
    expect(errorCode(await gw.execute(liveTrade, { apiKey: testKeys.all }))).toBe('ORDER_REJECTED');
    for (const key of Object.values(testKeys)) await gw.execute('{ viewer { id } }', { apiKey: key });
    await gw.execute('{ viewer { id } }', { apiKey: 'an-unknown-key-0123456789' });

    const signatures = fake.requests
      .filter((r) => r.path === '/api/v3/order')
      .map((r) => new URLSearchParams(r.body || r.query).get('signature'))
      .filter((s): s is string => Boolean(s));
    expect(signatures.length).toBeGreaterThanOrEqual(2);
    const secrets = [...Object.values(testKeys), 'an-unknown-key-0123456789', exchangeKey, exchangeSecret, ...signatures];
    expect(gw.logLines.length).toBeGreaterThan(20);
    for (const line of gw.logLines) {
      for (const secret of secrets) expect(line.includes(secret), `a log line carries "${secret}": ${line}`).toBe(false);
    }
  });
});

describe('LOG_LEVEL', () => {
  it('at warn, writes no operation line and nothing below warn', async () => {
    const quiet = await startTestGateway({ fake, env: { LOG_LEVEL: 'warn' } });
    try {
      expectData(await quiet.execute(history('BTCUSDT', '2023-05-01T00:00:00.000Z'), { apiKey: testKeys.read }));
      await quiet.execute('{ viewer { id } }', { apiKey: 'not-a-key' });
      const levels = quiet.logLines.map((line) => (JSON.parse(line) as { level: number }).level);
      expect(levels.every((level) => level >= 40)).toBe(true);
      expect(quiet.logLines.some((line) => line.includes('"msg":"operation"'))).toBe(false);
    } finally {
      await quiet.stop();
    }
  });
});
