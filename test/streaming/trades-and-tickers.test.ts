/**
 * Subscription.trades and Subscription.ticker against the simulator: every trade in exchange order,
 * equal to what REST lists, over SSE and WebSocket from one upstream stream, with no gap across a
 * dropped connection; a reader that leaves too many trades unread ends with SLOW_CONSUMER; the ticker
 * comes at once and at every update, with the exchange's 24-hour figures.
 */
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/schema/errors.js';
import { testKeys } from '../helpers/api-keys.js';
import { collect, sseClient, waitUntil, wsClient } from './live-clients.js';
import { marketGatewayForFile } from './market-gateway.js';
import { expectExchangeTrades, tickerSubscription, tradesOf, tradesSubscription, type TickerEvent, type TradeEvent } from './trade-clients.js';

const maxPendingTrades = 40;
const t = marketGatewayForFile({ env: { STREAM_MAX_PENDING_TRADES: String(maxPendingTrades) } });

describe('Subscription.trades', () => {
  it('delivers every trade in exchange order on both transports from one stream, with no gap across a dropped connection', async () => {
    const sse = sseClient(t.gw.url, testKeys.read);
    const ws = wsClient(t.gw.url, testKeys.read);
    const onSse = collect(sse.iterate({ query: tradesSubscription, variables: { symbol: 'BTCUSDT' } }) as AsyncIterableIterator<TradeEvent>);
    const onWs = collect(ws.iterate({ query: tradesSubscription, variables: { symbol: 'BTCUSDT' } }) as AsyncIterableIterator<TradeEvent>);
    await Promise.all([onSse, onWs].map((c) => c.waitFor((e) => e.length >= 20, 10_000)));
    expect(t.fake.streams.subscriptions().get('btcusdt@trade')).toBe(1);

    t.fake.inject('/stream', { status: 503, delayMs: 200, times: 2 });
    t.fake.streams.dropConnections();
    const seen = onSse.items.length;
    await onSse.waitFor((e) => e.length > seen + 50, 15_000);
    await Promise.all([onSse.stop(), onWs.stop()]);
    sse.dispose();
    await ws.dispose();

    for (const collector of [onSse, onWs]) expect(collector.items.filter((e) => e.errors)).toEqual([]);
    await expectExchangeTrades(t.fake, 'BTCUSDT', tradesOf(onSse.items));
    await expectExchangeTrades(t.fake, 'BTCUSDT', tradesOf(onWs.items));
  });

  it('ends a reader that leaves too many trades unread with SLOW_CONSUMER, and the other readers go on', async () => {
    const fast = collect(t.gw.gateway.services.marketSubscriptions.tradeTape('ETHUSDT'));
    const slow = t.gw.gateway.services.marketSubscriptions.tradeTape('ETHUSDT');
    await slow.next();
    await fast.waitFor((items) => items.length > maxPendingTrades + 5, 15_000);
    let error: unknown;
    for (;;) {
      const { value, done } = await slow.next();
      if (done || value instanceof GatewayError) {
        error = value;
        break;
      }
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).extensions).toMatchObject({ code: 'SLOW_CONSUMER', pendingTrades: maxPendingTrades + 1 });
    const count = fast.items.length;
    await fast.waitFor((items) => items.length > count + 5);
    await fast.stop();
    expect(fast.items.some((i) => i instanceof GatewayError)).toBe(false);
  });
});

describe('Subscription.ticker', () => {
  it('sends the ticker at once and at every update, with the exchange figures', async () => {
    const client = sseClient(t.gw.url, testKeys.read);
    const started = Date.now();
    const events = collect(client.iterate({ query: tickerSubscription, variables: { symbol: 'BNBBTC' } }) as AsyncIterableIterator<TickerEvent>);
    await events.waitFor((e) => e.length >= 1, 5000);
    expect(Date.now() - started).toBeLessThan(1000);
    await events.waitFor((e) => e.length >= 4, 10_000);
    await events.stop();
    client.dispose();
    const tickers = events.items.map((e) => e.data?.ticker);
    for (const ticker of tickers) {
      expect(ticker?.symbol).toBe('BNBBTC');
      expect(Date.parse(ticker?.closeTime ?? '') - Date.parse(ticker?.openTime ?? '')).toBe(24 * 3600_000);
      expect(Number(ticker?.low)).toBeLessThanOrEqual(Number(ticker?.lastPrice));
      expect(Number(ticker?.bidPrice)).toBeLessThan(Number(ticker?.askPrice));
    }
    // Updates follow each other in time.
    tickers.forEach((t, i) => i > 0 && expect(Date.parse(t?.closeTime ?? '')).toBeGreaterThan(Date.parse(tickers[i - 1]?.closeTime ?? '')));
    await waitUntil(() => !t.fake.streams.subscriptions().has('bnbbtc@ticker'), 'the ticker stream released after the grace period');
  });
});
