/**
 * Two instances on one Redis, books, trades and tickers: one instance holds each symbol's upstream
 * stream (one SUBSCRIBE for both), the other relays; subscribers on both get books the exchange had at
 * their update ids and every trade in order; when the holder stops, the other takes over and its
 * subscribers see no wrong book and no missing trade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { TestStores } from '../helpers/test-stores.js';
import { booksOf, expectExchangeBooks, orderBookSubscription, type BookEvent } from './book-clients.js';
import { collect, sseClient, waitUntil, wsClient } from './live-clients.js';
import { expectExchangeTrades, tickerSubscription, tradesOf, tradesSubscription, type TickerEvent, type TradeEvent } from './trade-clients.js';

const stores = new TestStores();
const keyPrefix = `market-multi${process.pid}:`;
const env = { STREAM_LOCK_TTL_MS: '1500', STREAM_GRACE_MS: '100', STREAM_RECONNECT_BASE_MS: '20' };
let fake: FakeExchange;
let a: TestGateway;
let b: TestGateway;

beforeAll(async () => {
  fake = await startFakeExchange({ weightLimitPerMinute: 1_000_000 });
  a = await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix }), env });
  b = await startTestGateway({ fake, store: await stores.create('redis', { keyPrefix }), env });
});

afterAll(async () => {
  await Promise.all([a, b].filter((gw) => gw?.gateway.server.listening).map((gw) => gw.stop()));
  await Promise.all([fake?.close(), stores.closeAll()]);
});

const stats = (gw: TestGateway) => gw.gateway.services.marketSubscriptions.stats();

describe('two instances, one upstream stream per symbol and kind', () => {
  it('relay books, trades and tickers from one holder; after the holder stops, the other takes over with no wrong book and no lost trade', async () => {
    const sseA = sseClient(a.url, testKeys.read);
    const wsB = wsClient(b.url, testKeys.read);
    const books = [sseA, wsB].map((client) =>
      collect(client.iterate({ query: orderBookSubscription, variables: { symbol: 'BTCUSDT', depth: 10 } }) as AsyncIterableIterator<BookEvent>),
    );
    const trades = [sseA, wsB].map((client) =>
      collect(client.iterate({ query: tradesSubscription, variables: { symbol: 'BTCUSDT' } }) as AsyncIterableIterator<TradeEvent>),
    );
    const tickers = [sseA, wsB].map((client) =>
      collect(client.iterate({ query: tickerSubscription, variables: { symbol: 'BTCUSDT' } }) as AsyncIterableIterator<TickerEvent>),
    );
    await Promise.all([...books, ...trades].map((c) => c.waitFor((e) => e.length >= 10, 15_000)));
    await Promise.all(tickers.map((c) => c.waitFor((e) => e.length >= 2, 10_000)));
    for (const kind of ['books', 'trades', 'tickers'] as const) expect(stats(a)[kind].holding + stats(b)[kind].holding).toBe(1);
    for (const stream of ['btcusdt@depth@100ms', 'btcusdt@trade', 'btcusdt@ticker']) expect(fake.streams.subscriptions().get(stream)).toBe(1);

    // The holder of the book goes away; the survivor takes over every stream.
    const [holder, survivor, onSurvivor] = stats(a).books.holding === 1 ? [a, b, 1] : [b, a, 0];
    await holder.stop();
    const bookCount = (books[onSurvivor]?.items.length ?? 0) + 15;
    const tradeCount = (trades[onSurvivor]?.items.length ?? 0) + 50;
    await books[onSurvivor]?.waitFor((e) => e.length >= bookCount, 15_000);
    await trades[onSurvivor]?.waitFor((e) => e.length >= tradeCount, 15_000);
    for (const kind of ['books', 'trades', 'tickers'] as const) expect(stats(survivor)[kind].holding).toBe(1);
    await waitUntil(() => fake.streams.subscriptions().get('btcusdt@depth@100ms') === 1, 'one depth subscription');

    await Promise.all([...books, ...trades, ...tickers].map((c) => c.stop()));
    if (onSurvivor === 0) sseA.dispose();
    else await wsB.dispose();
    for (const events of [books[onSurvivor], trades[onSurvivor]]) expect(events?.items.filter((e) => e.errors)).toEqual([]);
    await expectExchangeBooks(fake, booksOf(books[onSurvivor]?.items ?? []), 10);
    await expectExchangeTrades(fake, 'BTCUSDT', tradesOf(trades[onSurvivor]?.items ?? []));
    await expectExchangeBooks(fake, booksOf(books[1 - onSurvivor]?.items ?? []), 10);
  });
});
