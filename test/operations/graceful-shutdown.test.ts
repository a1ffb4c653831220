/**
 * gateway.stop() over real sockets: a slow in-flight query still gets its answer, an SSE subscriber
 * gets `event: complete` and the end of its response, a graphql-ws subscriber gets a `complete`
 * message and then the close code 1001, new connections are refused while it drains, and stop()
 * resolves; an operation slower than the bound is cut and stop() still resolves.
 */
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway } from '../helpers/test-gateway.js';

const subscription = 'subscription Live { candles(symbol: "BTCUSDT", interval: MIN_1) { openTime close } }';
const slowQuery = 'query Slow { ohlcv(symbol: "ETHUSDT", interval: HOUR_1, limit: 5, start: "2023-03-01T00:00:00.000Z") { close } }';

let fake: FakeExchange;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
});
afterAll(async () => {
  await fake.close();
});

/** Polls `check` every 10 ms until it holds; fails after `timeoutMs`. */
async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** An SSE subscription read raw, so the test sees exactly how the stream ended. */
async function openRawSse(url: string) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-api-key': testKeys.read },
    body: JSON.stringify({ query: subscription }),
  });
  const state = { text: '', ended: false, failed: false };
  void (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) state.text += decoder.decode(chunk, { stream: true });
    } catch {
      state.failed = true;
    }
    state.ended = true;
  })();
  return state;
}

/** A graphql-ws subscriber recording its events, how its subscription ended and the close code. */
function openWs(url: string) {
  const state = { events: 0, outcome: 'open' as 'open' | 'complete' | 'error', closeCode: 0 };
  const client: Client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { 'x-api-key': testKeys.read },
    retryAttempts: 0,
    on: { closed: (event) => (state.closeCode = (event as { code: number }).code) },
  });
  client.subscribe(
    { query: subscription },
    {
      next: () => void (state.events += 1),
      error: () => void (state.outcome = 'error'),
      complete: () => void (state.outcome = 'complete'),
    },
  );
  return { state, client };
}

/** Resolves 'refused' when a new TCP connection to the gateway's port is refused. */
function tryConnect(url: string): Promise<'connected' | 'refused'> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', () => resolve('refused'));
  });
}

describe('graceful shutdown', () => {
  it('finishes in-flight work, completes subscriptions properly, refuses new connections and resolves', async () => {
    const gw = await startTestGateway({ fake, env: { SHUTDOWN_TIMEOUT_MS: '8000' } });
    const sse = await openRawSse(gw.url);
    const ws = openWs(gw.url);
    await until(() => sse.text.includes('event: next') && ws.state.events > 0, 'both subscribers to receive a candle');

    fake.setLatency('/api/v3/klines', 1500);
    const klinesBefore = fake.requestCount('/api/v3/klines');
    const slow = gw.execute<{ ohlcv: { close: string }[] }>(slowQuery, { apiKey: testKeys.read });
    await until(() => fake.requestCount('/api/v3/klines') > klinesBefore, 'the slow query to reach the exchange');

    const stopped = gw.stop();
    await until(() => sse.ended, 'the SSE response to end');
    expect(await tryConnect(gw.url)).toBe('refused');

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.ohlcv).toHaveLength(5);
    await stopped;
    fake.setLatency('/api/v3/klines', 0);

    expect(sse.failed).toBe(false);
    expect(sse.text.trimEnd()).toMatch(/event: complete\ndata:$/);
    await until(() => ws.state.closeCode !== 0, 'the WebSocket to close');
    expect(ws.state.outcome).toBe('complete');
    expect(ws.state.closeCode).toBe(1001);
    await ws.client.dispose();
    const active = await gw.gateway.services.metrics.subscriptionsActive.get();
    expect(active.values.map((v) => [v.labels.transport, v.value]).sort()).toEqual([['http', 0], ['ws', 0]]);
    const stopLines = gw.logLines.filter((line) => line.includes('"msg":"stopped"'));
    expect(stopLines).toHaveLength(1);
  });

  it('cuts an operation that outlasts the bound, and still resolves', async () => {
    const gw = await startTestGateway({ fake, env: { SHUTDOWN_TIMEOUT_MS: '300', BINANCE_TIMEOUT_MS: '10000' } });
    fake.inject('/api/v3/klines', { hang: true });
    const klinesBefore = fake.requestCount('/api/v3/klines');
    const hanging = gw.execute(slowQuery.replace('2023-03-01', '2023-04-01'), { apiKey: testKeys.read }).then(
      () => 'answered',
      () => 'cut',
    );
    await until(() => fake.requestCount('/api/v3/klines') > klinesBefore, 'the query to reach the exchange');
    await gw.stop();
    expect(await hanging).toBe('cut');
    expect(gw.logLines.some((line) => line.includes('cutting requests still open after the bound'))).toBe(true);
  });
});
