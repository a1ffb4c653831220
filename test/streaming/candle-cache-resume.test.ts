/**
 * Live candles and the rest of the gateway, with each store backend: closed bars from the stream
 * land in the candle cache, so recent candles during a live stream cost no REST call; a client that
 * reconnects resumes with `since` and gets every bar it missed, once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { expectData } from '../helpers/graphql-client.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';
import {
  candlesOf,
  candlesSubscription,
  closedOpenTimes,
  collect,
  expectFinal,
  minute,
  sequenceProblem,
  sseClient,
  wsClient,
  type CandleEvent,
  type LiveCandle,
} from './live-clients.js';

const variables = { symbol: 'BTCUSDT', interval: 'MIN_1' };
const stores = new TestStores();

afterAll(() => stores.closeAll());

describe.each(storeKinds)('candle cache and resume (%s store)', (kind) => {
  let fake: FakeExchange;
  let gw: TestGateway;

  beforeAll(async () => {
    fake = await startFakeExchange({ streamUpdateIntervalMs: 100 });
    // Only the test closes bars (clock.advance), 5 s into a bar: see candle-subscriptions.test.ts.
    fake.clock.freeze(Math.floor(fake.clock.now() / minute) * minute + 5_000);
    // No query result cache: what is proven here is the candle cache.
    gw = await startTestGateway({ fake, store: await stores.create(kind), env: { QUERY_CACHE_TTL_MS: '0' } });
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  const closeCurrentBar = (): void => fake.clock.advance(minute);

  it('writes closed bars into the candle cache: recent candles during a live stream cost no REST call', async () => {
    const client = wsClient(gw.url, testKeys.read);
    const events = collect(client.iterate({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>);
    await events.waitFor((e) => e.length >= 2);
    const barOpen = Date.parse((candlesOf(events.items).at(-1) as LiveCandle).openTime);
    closeCurrentBar();
    await events.waitFor((e) => closedOpenTimes(e).includes(barOpen) && candlesOf(e).at(-1)?.closed === false);
    // Longer than the forming block's own cache lifetime: only the stream keeps it fresh.
    await new Promise((resolve) => setTimeout(resolve, gw.config.formingCandleTtlMs + 500));

    const klinesBefore = fake.requestCount('/api/v3/klines');
    const result = await gw.execute<{ ohlcv: LiveCandle[] }>(
      `{ ohlcv(symbol: "BTCUSDT", interval: MIN_1, limit: 5) { openTime closeTime open high low close volume trades closed } }`,
      { apiKey: testKeys.read },
    );
    const bars = expectData(result).ohlcv;
    expect(fake.requestCount('/api/v3/klines')).toBe(klinesBefore);
    const closedBar = bars.find((b) => Date.parse(b.openTime) === barOpen) as LiveCandle;
    expect(closedBar.closed).toBe(true);
    expectFinal(fake, closedBar);
    expect(Date.parse((bars.at(-1) as LiveCandle).openTime)).toBe(barOpen + minute);
    expect(bars.at(-1)?.closed).toBe(false);
    await events.stop();
    await client.dispose();
  });

  it('since: a reconnecting client gets every bar it missed, then live, with no gap and no duplicate', async () => {
    // Another subscriber keeps the stream live while the first one is away.
    const keeper = wsClient(gw.url, testKeys.read);
    const kept = collect(keeper.iterate({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>);
    await kept.waitFor((e) => e.length >= 1);

    const client = sseClient(gw.url, testKeys.read);
    const before = collect(client.iterate({ query: candlesSubscription, variables }) as AsyncIterableIterator<CandleEvent>);
    await before.waitFor((e) => e.length >= 1);
    const barOpen = Date.parse((candlesOf(before.items).at(-1) as LiveCandle).openTime);
    closeCurrentBar();
    await before.waitFor((e) => closedOpenTimes(e).includes(barOpen));
    const lastSeen = candlesOf(before.items).find((c) => c.closed) as LiveCandle;
    await before.stop();

    // Away for three bars.
    for (let i = 1; i <= 3; i++) {
      closeCurrentBar();
      await kept.waitFor((e) => closedOpenTimes(e).includes(barOpen + i * minute));
    }
    const resumed = collect(
      client.iterate({ query: candlesSubscription, variables: { ...variables, since: new Date(Date.parse(lastSeen.closeTime) + 1).toISOString() } }) as AsyncIterableIterator<CandleEvent>,
    );
    await resumed.waitFor((e) => candlesOf(e).some((c) => !c.closed));
    closeCurrentBar();
    await resumed.waitFor((e) => closedOpenTimes(e).includes(barOpen + 4 * minute));
    const candles = candlesOf(resumed.items);
    expect(resumed.items.every((e) => !e.errors)).toBe(true);
    expect(sequenceProblem(candles)).toBeUndefined();
    expect(closedOpenTimes(resumed.items)).toEqual([1, 2, 3, 4].map((i) => barOpen + i * minute));
    candles.filter((c) => c.closed).forEach((c) => expectFinal(fake, c));
    await resumed.stop();
    await kept.stop();
    client.dispose();
    await keeper.dispose();
  });
});
