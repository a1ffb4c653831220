/**
 * Subscription.orderBook against the simulator: every book a subscriber receives is the exchange's
 * own book at its update id (GET /__admin/book), whatever its depth and transport; the first comes at
 * once; one diff stream and one snapshot serve every subscriber of every depth; a missed diff (the
 * depth-gap hook) and a dropped connection rebuild the book from a new snapshot, and no book built
 * across them is sent; a reader that falls behind gets the newest book, not a backlog; bad depths and
 * symbols are refused; the stream is released after the grace period.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { OrderBookView } from '../../src/market-data/order-book-view.js';
import { testKeys } from '../helpers/api-keys.js';
import { openSse } from '../helpers/sse-client.js';
import type { TestGateway } from '../helpers/test-gateway.js';
import { storeKinds, TestStores } from '../helpers/test-stores.js';
import { booksOf, expectExchangeBooks, orderBookSubscription, type BookEvent, type LiveBook } from './book-clients.js';
import { collect, sseClient, waitUntil, wsClient } from './live-clients.js';
import { startMarketGateway } from './market-gateway.js';

const stores = new TestStores();

afterAll(() => stores.closeAll());

describe.each(storeKinds)('Subscription.orderBook (%s store)', (kind) => {
  let fake: FakeExchange;
  let gw: TestGateway;
  const depthCalls = () => fake.requestCount('/api/v3/depth');

  beforeAll(async () => {
    ({ fake, gw } = await startMarketGateway({ store: await stores.create(kind) }));
  });

  afterAll(async () => {
    await gw?.stop();
    await fake?.close();
  });

  it('serves every depth and transport from one diff stream and one snapshot, each book the exchange had at its update id', async () => {
    const before = depthCalls();
    const sse = sseClient(gw.url, testKeys.read);
    const ws = wsClient(gw.url, testKeys.read);
    const subscribe = (client: typeof sse | typeof ws, depth: number) =>
      collect(client.iterate({ query: orderBookSubscription, variables: { symbol: 'BTCUSDT', depth } }) as AsyncIterableIterator<BookEvent>);
    const five = subscribe(sse, 5);
    const twenty = subscribe(ws, 20);
    const hundred = subscribe(sse, 100);
    await Promise.all([five, twenty, hundred].map((c) => c.waitFor((e) => e.length >= 20, 15_000)));
    expect(fake.streams.subscriptions().get('btcusdt@depth@100ms')).toBe(1);
    expect(depthCalls()).toBe(before + 1);

    // A newcomer gets the current book at once: the others' newest, or a newer one.
    const late = subscribe(ws, 20);
    const newest = BigInt((booksOf(twenty.items).at(-1) as LiveBook).lastUpdateId);
    await late.waitFor((e) => e.length >= 1, 1000);
    expect(BigInt((booksOf(late.items)[0] as LiveBook).lastUpdateId)).toBeGreaterThanOrEqual(newest);

    await Promise.all([five, twenty, hundred, late].map((c) => c.stop()));
    sse.dispose();
    await ws.dispose();
    for (const [collector, depth] of [[five, 5], [twenty, 20], [hundred, 100]] as const) {
      expect(collector.items.filter((e) => e.errors)).toEqual([]);
      await expectExchangeBooks(fake, booksOf(collector.items), depth);
    }
  });

  it('rebuilds from a new snapshot after a missed diff and after a dropped connection, sending no book built across either', async () => {
    const client = sseClient(gw.url, testKeys.read);
    const events = collect(client.iterate({ query: orderBookSubscription, variables: { symbol: 'ETHUSDT', depth: 20 } }) as AsyncIterableIterator<BookEvent>);
    await events.waitFor((e) => e.length >= 5, 15_000);
    const calls = depthCalls();

    fake.streams.injectDepthGap('ETHUSDT', 2);
    await waitUntil(() => depthCalls() === calls + 1, 'a snapshot after the gap');
    let count = events.items.length;
    await events.waitFor((e) => e.length >= count + 5, 10_000);

    fake.streams.dropConnections();
    await waitUntil(() => depthCalls() === calls + 2, 'a snapshot after the reconnect');
    count = events.items.length;
    await events.waitFor((e) => e.length >= count + 5, 10_000);
    await events.stop();
    client.dispose();

    expect(gw.logLines.some((line) => line.includes('missed a book update'))).toBe(true);
    expect(events.items.filter((e) => e.errors)).toEqual([]);
    await expectExchangeBooks(fake, booksOf(events.items), 20);
  });

  it('gives a reader that fell behind the newest book, not a backlog', async () => {
    const slow = gw.gateway.services.marketSubscriptions.orderBook('BNBBTC', 10);
    const fast = collect(gw.gateway.services.marketSubscriptions.orderBook('BNBBTC', 10));
    const first = (await slow.next()).value as OrderBookView;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // Once the hub has delivered the exchange's current book, the slow reader's next is that one or newer.
    const current = BigInt(fake.market.book('BNBBTC', 10).lastUpdateId);
    await fast.waitFor((books) => books.some((b) => !(b instanceof Error) && BigInt(b.lastUpdateId) >= current));
    const next = (await slow.next()).value as OrderBookView;
    await Promise.all([slow.return(), fast.stop()]);
    // About twelve diffs went by; the reader gets one book, at least as new as the exchange's then.
    expect(BigInt(next.lastUpdateId)).toBeGreaterThanOrEqual(current);
    expect(BigInt(next.lastUpdateId) - BigInt(first.lastUpdateId)).toBeGreaterThan(5n);
    await expectExchangeBooks(fake, [first, next].map((b) => ({ ...b, bids: [...b.bids], asks: [...b.asks] })), 10);
  });

  it('refuses a depth out of 1..1000 and an unknown symbol, and releases the stream after the grace period', async () => {
    for (const variables of [{ symbol: 'BTCUSDT', depth: 0 }, { symbol: 'BTCUSDT', depth: 1001 }, { symbol: 'NOPEUSDT', depth: 20 }]) {
      const sse = await openSse<{ orderBook: LiveBook }>(gw.url, orderBookSubscription, { variables, apiKey: testKeys.read });
      const [payload] = await sse.waitFor((p) => p.length >= 1);
      sse.close();
      expect(payload?.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    }
    expect(fake.streams.subscriptions().has('nopeusdt@depth@100ms')).toBe(false);
    await waitUntil(
      () => gw.gateway.services.marketSubscriptions.stats().books.streams === 0 && ![...fake.streams.subscriptions().keys()].some((s) => s.includes('@depth')),
      'the depth streams released after the grace period',
    );
  });
});
