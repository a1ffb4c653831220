/**
 * Back-pressure: a subscriber that stops reading must not grow the gateway's memory. The slow
 * subscriber here is the subscription's own source (what a transport pulls from; SSE and graphql-ws
 * pull only as their socket drains), pulled once and then left: its forming updates are coalesced,
 * its closed bars kept up to STREAM_MAX_PENDING_CLOSED, and past that it is ended with SLOW_CONSUMER.
 * A WebSocket reader that keeps up meanwhile misses nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Candle } from '../../src/market-data/candle.js';
import { GatewayError } from '../../src/schema/errors.js';
import { startFakeExchange, type FakeExchange } from '../../src/simulator/fake-exchange.js';
import type { CandleStreamItem } from '../../src/streaming/candle-stream-service.js';
import { testKeys } from '../helpers/api-keys.js';
import { startTestGateway, type TestGateway } from '../helpers/test-gateway.js';
import { candlesOf, candlesSubscription, closedOpenTimes, collect, minute, sequenceProblem, waitUntil, wsClient, type CandleEvent } from './live-clients.js';

const maxPendingClosed = 50;
let fake: FakeExchange;
let gw: TestGateway;

beforeAll(async () => {
  // Only the test pushes events.
  fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  fake.clock.freeze(Math.floor(fake.clock.now() / minute) * minute + 5_000);
  gw = await startTestGateway({ fake, env: { STREAM_MAX_PENDING_CLOSED: String(maxPendingClosed), STREAM_GRACE_MS: '100' } });
});

afterAll(async () => {
  await gw?.stop();
  await fake?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function emitForming(openTime: number, close: string): void {
  fake.streams.emitKline('BTCUSDT', '1m', { t: openTime, T: openTime + minute - 1, c: close });
}

function emitClosed(openTime: number): void {
  fake.streams.emitKline('BTCUSDT', '1m', { t: openTime, T: openTime + minute - 1, x: true });
}

async function pull(source: AsyncIterator<CandleStreamItem>): Promise<CandleStreamItem | undefined> {
  const { value, done } = await source.next();
  return done ? undefined : value;
}

it('coalesces forming updates for a subscriber that does not read, keeps its closed bars, and ends it past the bound', async () => {
  const fast = wsClient(gw.url, testKeys.read);
  const kept = collect(fast.iterate({ query: candlesSubscription, variables: { symbol: 'BTCUSDT', interval: 'MIN_1' } }) as AsyncIterableIterator<CandleEvent>);
  await kept.waitFor((e) => e.length >= 1);
  const slow = gw.gateway.services.candleStreams.subscribe('BTCUSDT', 'MIN_1');
  const first = (await pull(slow)) as Candle;
  expect(first.closed).toBe(false);
  const bar = first.openTime;
  await waitUntil(() => fake.streams.subscriptions().has('btcusdt@kline_1m'), 'the upstream subscription');

  // Thirty updates of the forming bar: the slow subscriber, reading none, is left with the latest.
  for (let i = 1; i <= 30; i++) emitForming(bar, `${64_000 + i}.00000000`);
  await kept.waitFor((e) => candlesOf(e).some((c) => c.close === '64030.00000000'));
  const latest = (await pull(slow)) as Candle;
  expect([latest.openTime, latest.closed, latest.close]).toEqual([bar, false, '64030.00000000']);

  // An update, the close and the next bar while it does not read: the close supersedes the update.
  emitForming(bar, '64031.00000000');
  emitClosed(bar);
  emitForming(bar + minute, '64100.00000000');
  await kept.waitFor((e) => candlesOf(e).some((c) => Date.parse(c.openTime) === bar + minute));
  const caughtUp = [await pull(slow), await pull(slow)] as Candle[];
  expect(caughtUp.map((c) => [c.openTime - bar, c.closed, c.close])).toEqual([
    [0, true, fake.finalKline('BTCUSDT', '1m', bar)[4]],
    [minute, false, '64100.00000000'],
  ]);

  // Now more closed bars than the bound, in small bursts the WebSocket reader keeps up with.
  const closes = maxPendingClosed + 10;
  for (let n = 1; n <= closes; n++) {
    emitClosed(bar + n * minute);
    emitForming(bar + (n + 1) * minute, '64200.00000000');
    if (n % 10 === 0) await pause(20);
  }
  await waitUntil(() => gw.gateway.services.candleStreams.stats().subscribers === 1, 'the slow subscriber to be dropped');
  const ended = await pull(slow);
  expect(ended).toBeInstanceOf(GatewayError);
  expect((ended as GatewayError).extensions['code']).toBe('SLOW_CONSUMER');
  expect(await pull(slow)).toBeUndefined();
  expect(gw.logLines.some((line) => line.includes('too far behind'))).toBe(true);

  await kept.waitFor((e) => closedOpenTimes(e).includes(bar + closes * minute));
  expect(closedOpenTimes(kept.items)).toEqual(Array.from({ length: closes + 1 }, (_, i) => bar + i * minute));
  expect(sequenceProblem(candlesOf(kept.items))).toBeUndefined();
  expect(kept.items.every((e) => !e.errors)).toBe(true);
  await kept.stop();
  await fast.dispose();
});
