/**
 * Subscription.candles refusals (authentication, scope, bad input) over both transports, and a
 * resume with `since` after the stream was down altogether (the missed bars come from the exchange).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { openSse } from '../helpers/sse-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import {
  candlesOf,
  candlesSubscription,
  closedOpenTimes,
  collect,
  minute,
  sequenceProblem,
  sseClient,
  waitUntil,
  wsClient,
  type CandleEvent,
  type LiveCandle,
} from './live-clients.js';

let fake: FakeExchange;
let gw: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
  fake.clock.freeze(Math.floor(fake.clock.now() / minute) * minute + 5_000);
  gw = await startTestGateway({ fake, env: { STREAM_GRACE_MS: '100' } });
});

afterAll(async () => {
  await gw?.stop();
  await fake?.close();
});

const btc = { symbol: 'BTCUSDT', interval: 'MIN_1' };

/** The first payload of an SSE subscription, and the HTTP status. */
async function firstSsePayload(variables: Record<string, unknown>, apiKey: string | null) {
  const sse = await openSse(gw.url, candlesSubscription, { variables, apiKey });
  if (sse.status !== 200) {
    sse.close();
    return { status: sse.status, payload: undefined };
  }
  await sse.waitFor((p) => p.length >= 1);
  sse.close();
  return { status: sse.status, payload: sse.payloads[0] };
}

/** The first event of a graphql-ws subscription, or how the socket was closed. */
async function firstWsEvent(variables: Record<string, unknown>, apiKey: string | undefined) {
  const client = wsClient(gw.url, apiKey);
  try {
    const iterator = client.iterate({ query: candlesSubscription, variables });
    const first = await iterator.next();
    await iterator.return?.();
    return { event: first.value as CandleEvent | undefined, closeCode: undefined };
  } catch (error) {
    return { event: undefined, closeCode: (error as { code?: number }).code };
  } finally {
    await client.dispose();
  }
}

describe('refusals', () => {
  it('without an API key: HTTP 401 over SSE, close code 4403 over WebSocket', async () => {
    const sse = await openSse(gw.url, candlesSubscription, { variables: btc, apiKey: null });
    expect(sse.status).toBe(401);
    sse.close();
    expect((await firstWsEvent(btc, undefined)).closeCode).toBe(4403);
    expect((await firstWsEvent(btc, 'not-a-key')).closeCode).toBe(4403);
  });

  it('a key without the read scope: FORBIDDEN on both transports', async () => {
    const { payload } = await firstSsePayload(btc, testKeys.trade);
    expect(payload?.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    const { event } = await firstWsEvent(btc, testKeys.trade);
    expect(event?.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
  });

  it.each([
    ['an unknown symbol', { symbol: 'NOPEUSDT', interval: 'MIN_1' }],
    ['since in the future', { ...btc, since: new Date(Date.now() + 3_600_000).toISOString() }],
    ['since more than 50000 bars back', { ...btc, since: new Date(Date.now() - 50_001 * minute).toISOString() }],
  ])('%s: BAD_USER_INPUT, and no upstream subscription', async (_name, variables) => {
    const { payload } = await firstSsePayload(variables, testKeys.read);
    expect(payload?.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    const { event } = await firstWsEvent(variables, testKeys.read);
    expect(event?.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(fake.streams.subscriptions().has('nopeusdt@kline_1m')).toBe(false);
  });
});

describe('resume after the stream was down', () => {
  it('delivers the bars that closed while nobody listened (from the exchange), then goes live', async () => {
    const client = sseClient(gw.url, testKeys.read);
    const first = collect(client.iterate({ query: candlesSubscription, variables: btc }) as AsyncIterableIterator<CandleEvent>);
    await first.waitFor((e) => e.length >= 1);
    const barOpen = Date.parse((candlesOf(first.items)[0] as LiveCandle).openTime);
    fake.clock.advance(minute);
    await first.waitFor((e) => closedOpenTimes(e).includes(barOpen));
    const lastSeen = candlesOf(first.items).find((c) => c.closed) as LiveCandle;
    await first.stop();
    await waitUntil(() => !fake.streams.subscriptions().has('btcusdt@kline_1m'), 'the upstream stream to stop');

    fake.clock.advance(3 * minute);
    const klinesBefore = fake.requestCount('/api/v3/klines');
    const resumed = collect(
      client.iterate({
        query: candlesSubscription,
        variables: { ...btc, since: new Date(Date.parse(lastSeen.closeTime) + 1).toISOString() },
      }) as AsyncIterableIterator<CandleEvent>,
    );
    await resumed.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === barOpen + 4 * minute));
    const candles = candlesOf(resumed.items);
    expect(sequenceProblem(candles)).toBeUndefined();
    expect(closedOpenTimes(resumed.items)).toEqual([1, 2, 3].map((i) => barOpen + i * minute));
    expect(Date.parse((candles.at(-1) as LiveCandle).openTime)).toBe(barOpen + 4 * minute);
    expect(fake.requestCount('/api/v3/klines')).toBeGreaterThan(klinesBefore);
    for (const bar of candles.filter((c) => c.closed)) {
      expect(bar.close).toBe(fake.finalKline('BTCUSDT', '1m', Date.parse(bar.openTime))[4]);
    }
    await resumed.stop();
    client.dispose();
  });
});
