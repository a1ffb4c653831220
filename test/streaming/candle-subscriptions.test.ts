/**
 * Subscription.candles end to end, against the fake exchange, with each store backend: over SSE
 * (the graphql-sse client) and over WebSocket (the graphql-ws client), the forming bar first, its
 * updates, the bar closed once, then the next; many subscribers on one upstream subscription; the
 * upstream UNSUBSCRIBE a grace period after the last one leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';
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
  expectFinal,
  type LiveCandle,
} from './live-clients.js';

const stream = 'btcusdt@kline_1m';
const variables = { symbol: 'BTCUSDT', interval: 'MIN_1' };
const stores = new TestStores();

afterAll(() => stores.closeAll());

function subscribeCount(fake: FakeExchange, method: 'SUBSCRIBE' | 'UNSUBSCRIBE'): number {
  return fake.streams.controlMessages.filter((m) => m.method === method && (m.params as string[]).includes(stream)).length;
}


describe.each(storeKinds)('candle subscriptions (%s store)', (kind) => {
  let fake: FakeExchange;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
    // Only the test closes bars (clock.advance); 5 s into a bar, so the gateway's clock, which keeps
    // running, does not see the bar as over during the file.
    fake.clock.freeze(Math.floor(fake.clock.now() / minute) * minute + 5_000);
    gw = await startTestGateway({
      fake,
      store: await stores.create(kind),
      env: { STREAM_GRACE_MS: '1500' },
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  /** Lets the current bar close on the exchange (its clock jumps a minute). */
  const closeCurrentBar = (): void => fake.clock.advance(minute);

  it('over SSE: the forming bar first, its updates, the bar closed once, then the next bar', async () => {
    const client = sseClient(gw.url, testKeys.read);
    const events = collect(client.iterate<{ candles: LiveCandle }>({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>);
    await events.waitFor((e) => e.length >= 3);
    const first = candlesOf(events.items)[0] as LiveCandle;
    expect(first.closed).toBe(false);
    expect(Date.parse(first.openTime)).toBe(Math.floor(fake.clock.now() / minute) * minute);

    closeCurrentBar();
    const barOpen = Date.parse(first.openTime);
    await events.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === barOpen + minute));
    const candles = candlesOf(events.items);
    expect(sequenceProblem(candles)).toBeUndefined();
    const closed = candles.filter((c) => c.closed);
    expect(closed.map((c) => Date.parse(c.openTime))).toEqual([barOpen]);
    expectFinal(fake, closed[0] as LiveCandle);
    await events.stop();
    client.dispose();
  });

  it('over WebSocket (graphql-ws): the same sequence', async () => {
    const client = wsClient(gw.url, testKeys.read);
    const events = collect(client.iterate<{ candles: LiveCandle }>({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>);
    await events.waitFor((e) => e.length >= 2);
    const barOpen = Date.parse((candlesOf(events.items)[0] as LiveCandle).openTime);
    closeCurrentBar();
    await events.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === barOpen + minute));
    const candles = candlesOf(events.items);
    expect(events.items.every((e) => !e.errors)).toBe(true);
    expect(sequenceProblem(candles)).toBeUndefined();
    expect(closedOpenTimes(events.items)).toEqual([barOpen]);
    expectFinal(fake, candles.find((c) => c.closed) as LiveCandle);
    await events.stop();
    await client.dispose();
  });

  it('many subscribers on both transports share one upstream subscription', async () => {
    const subscribesBefore = subscribeCount(fake, 'SUBSCRIBE');
    const sse = Array.from({ length: 6 }, () => sseClient(gw.url, testKeys.read));
    const ws = Array.from({ length: 6 }, () => wsClient(gw.url, testKeys.readTrade));
    const all = [
      ...sse.map((c) => collect(c.iterate({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>)),
      ...ws.map((c) => collect(c.iterate({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>)),
    ];
    await Promise.all(all.map((events) => events.waitFor((e) => e.length >= 2)));
    const openTimes = all.map((events) => Date.parse((candlesOf(events.items).at(-1) as LiveCandle).openTime));
    closeCurrentBar();
    await Promise.all(all.map((events, i) => events.waitFor((e) => closedOpenTimes(e).includes(openTimes[i] as number))));

    expect(fake.streams.subscriptions().get(stream)).toBe(1);
    expect(fake.streams.connectionCount()).toBe(1);
    // The stream stayed subscribed from the earlier tests (within the grace period) or was subscribed once.
    expect(subscribeCount(fake, 'SUBSCRIBE') - subscribesBefore).toBeLessThanOrEqual(1);
    await Promise.all(all.map((events) => events.stop()));
    sse.forEach((c) => c.dispose());
    ws.forEach((c) => void c.dispose());
  });

  it('unsubscribes upstream a grace period after the last subscriber leaves, not when one returns within it', async () => {
    await waitUntil(() => gw.gateway.services.candleStreams.stats().subscribers === 0, 'the earlier subscribers to leave');
    const client = sseClient(gw.url, testKeys.read);
    // Back within the grace period: the upstream subscription is kept.
    const again = collect(client.iterate({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>);
    await again.waitFor((e) => e.length >= 1);
    const unsubscribesBefore = subscribeCount(fake, 'UNSUBSCRIBE');
    expect(fake.streams.subscriptions().get(stream)).toBe(1);
    await again.stop();
    client.dispose();

    await waitUntil(() => subscribeCount(fake, 'UNSUBSCRIBE') > unsubscribesBefore, 'the upstream UNSUBSCRIBE');
    expect(fake.streams.subscriptions().has(stream)).toBe(false);
    expect(gw.gateway.services.candleStreams.stats()).toEqual({ streams: 0, subscribers: 0, holding: 0 });
  });
});
