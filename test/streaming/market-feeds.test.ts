/**
 * MarketFeeds (what the paper matching engine builds on), against the simulator: every trade in
 * exchange order, equal to what REST lists, with no gap and no duplicate across dropped connections
 * (also when the market is quiet after the reconnect), resumed after a given trade id; one upstream
 * stream per symbol for every follower, released after the grace period; the best bid and ask at
 * once and at each change, from the stream when held, else REST.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { BookTop, TradePrint } from '../../src/streaming/market-feeds.js';
import { waitUntil } from './live-clients.js';
import { marketGatewayForFile } from './market-gateway.js';
import { expectExchangeTrades } from './trade-clients.js';

const t = marketGatewayForFile();

const feeds = () => t.gw.gateway.services.marketFeeds;

describe('MarketFeeds.followTrades', () => {
  it('delivers every trade in order to every follower over one upstream stream, without a gap across a dropped connection', async () => {
    const a: TradePrint[] = [];
    const b: TradePrint[] = [];
    const stopA = feeds().followTrades('BTCUSDT', (t) => a.push(t));
    const stopB = feeds().followTrades('BTCUSDT', (t) => b.push(t));
    await waitUntil(() => a.length >= 20, 'the first trades');
    expect(t.fake.streams.subscriptions().get('btcusdt@trade')).toBe(1);

    // Down for a while (refused upgrades) while the tape goes on: the trades of that time come over REST.
    t.fake.inject('/stream', { status: 503, delayMs: 200, times: 3 });
    const before = t.fake.requestCount('/api/v3/historicalTrades');
    t.fake.streams.dropConnections();
    const seen = a.length;
    await waitUntil(() => t.fake.streams.connectionCount() === 1 && a.length > seen + 60, 'trades after the reconnect', 15_000);
    expect(t.fake.requestCount('/api/v3/historicalTrades')).toBeGreaterThan(before);
    stopA();
    stopB();

    await expectExchangeTrades(t.fake, 'BTCUSDT', a);
    // b joined in the same turn: it saw the very same tape.
    expect(b.slice(0, a.length)).toEqual(a.slice(0, b.length));
  });

  it('catches up after a reconnect even when nothing trades afterwards', async () => {
    t.fake.market.pause('ETHUSDT');
    const got: TradePrint[] = [];
    const stop = feeds().followTrades('ETHUSDT', (t) => got.push(t));
    await waitUntil(() => t.fake.streams.subscriptions().get('ethusdt@trade') === 1, 'the trade stream');
    const price = t.fake.market.lastPrice('ETHUSDT');
    t.fake.market.printTrade('ETHUSDT', price, '0.5');
    await waitUntil(() => got.length === 1, 'the printed trade');

    t.fake.inject('/stream', { status: 503, delayMs: 300, times: 2 });
    t.fake.streams.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.fake.market.printTrade('ETHUSDT', price, '0.25');
    t.fake.market.printTrade('ETHUSDT', price, '0.125');
    // No trade follows on the new connection: the two come from the catch-up over REST.
    await waitUntil(() => got.length === 3, 'the trades printed while disconnected', 10_000);
    stop();
    expect(got.map((t) => t.quantity)).toEqual(['0.50000000', '0.25000000', '0.12500000']);
    await expectExchangeTrades(t.fake, 'ETHUSDT', got);
    t.fake.market.resume('ETHUSDT');
  });

  it('resumes right after afterTradeId: older trades over REST, then live, with no gap and no duplicate', async () => {
    const recent = (await (await fetch(`${t.fake.url}/api/v3/trades?symbol=BTCUSDT&limit=1000`)).json()) as { id: number }[];
    const after = String(recent[0]?.id);
    const got: TradePrint[] = [];
    const stop = feeds().followTrades('BTCUSDT', (t) => got.push(t), { afterTradeId: after });
    await waitUntil(() => got.length >= recent.length + 30, 'history and live trades', 15_000);
    stop();
    expect(got[0]?.id).toBe(String(Number(after) + 1));
    await expectExchangeTrades(t.fake, 'BTCUSDT', got);
  });

  it('releases the upstream stream a grace period after the last follower left', async () => {
    const stop = feeds().followTrades('BNBBTC', () => undefined);
    await waitUntil(() => t.fake.streams.subscriptions().get('bnbbtc@trade') === 1, 'the trade stream');
    stop();
    stop();
    expect(t.fake.streams.subscriptions().get('bnbbtc@trade')).toBe(1);
    await waitUntil(() => !t.fake.streams.subscriptions().has('bnbbtc@trade'), 'the stream released after the grace period');
  });

  it('refuses an afterTradeId that is not a trade id', () => {
    expect(() => feeds().followTrades('BTCUSDT', () => undefined, { afterTradeId: '12x' })).toThrow(/afterTradeId/);
  });
});

describe('MarketFeeds book tops', () => {
  it('gives the best bid and ask at once and at each change, the same the exchange shows', async () => {
    const tops: BookTop[] = [];
    const restCalls = t.fake.requestCount('/api/v3/ticker/bookTicker');
    const stop = feeds().followBookTop('BTCUSDT', (t) => tops.push(t));
    await waitUntil(() => tops.length >= 5, 'book top changes');
    // The first one came from REST (nothing was held yet); bookTop reads the held stream.
    expect(t.fake.requestCount('/api/v3/ticker/bookTicker')).toBe(restCalls + 1);
    const now = await feeds().bookTop('BTCUSDT');
    expect(t.fake.requestCount('/api/v3/ticker/bookTicker')).toBe(restCalls + 1);
    stop();
    for (const top of tops) {
      expect(top.symbol).toBe('BTCUSDT');
      expect(Number(top.bidPrice)).toBeLessThan(Number(top.askPrice));
    }
    tops.forEach((t, i) => i > 0 && expect(t).not.toEqual({ ...(tops[i - 1] as BookTop), time: t.time }));
    expect(now.bidPrice).toMatch(/^\d+\.\d+$/);
  });

  it('reads the top over REST when no stream is held, equal to the exchange book', async () => {
    t.fake.market.pause('BNBBTC');
    const restCalls = t.fake.requestCount('/api/v3/ticker/bookTicker');
    const [top] = await Promise.all([feeds().bookTop('BNBBTC'), feeds().bookTop('BNBBTC')]);
    const book = t.fake.market.book('BNBBTC', 1);
    expect([top.bidPrice, top.bidQuantity, top.askPrice, top.askQuantity]).toEqual([book.bids[0]?.[0], book.bids[0]?.[1], book.asks[0]?.[0], book.asks[0]?.[1]]);
    // Two concurrent asks, one request.
    expect(t.fake.requestCount('/api/v3/ticker/bookTicker')).toBe(restCalls + 1);

    const tops: BookTop[] = [];
    const stop = feeds().followBookTop('BNBBTC', (t) => tops.push(t));
    await waitUntil(() => tops.length === 1, 'the first top (REST: the paused book sends no event)');
    expect(tops[0]).toEqual({ ...top, time: tops[0]?.time });
    await waitUntil(() => t.fake.streams.subscriptions().get('bnbbtc@bookTicker') === 1, 'the book-ticker stream');
    // A resting order joins the best bid: its quantity grows.
    t.fake.accounts.placeOrder({ symbol: 'BNBBTC', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '5', price: top.bidPrice });
    await waitUntil(() => tops.length === 2, 'the change of the best bid');
    expect(tops[1]?.bidPrice).toBe(top.bidPrice);
    expect(new Decimal(top.bidQuantity).plus(5).eq(tops[1]?.bidQuantity ?? '0')).toBe(true);
    stop();
    t.fake.market.resume('BNBBTC');
  });
});
