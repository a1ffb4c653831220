/**
 * Order-book benchmark (issue 11): 1,000 SSE subscribers of Subscription.orderBook(BTCUSDT, depth 20)
 * while the fake exchange sends a diff every 100 ms. Upstream: depth streams and snapshots the gateway
 * took. Lag: from the exchange's event time `E` of the diff whose `u` a book is current to, to the
 * book's arrival at the subscriber (p50, p99). Gateway CPU: the child's CPU time over the measured
 * window, as a share of one core, beside the same gateway with one subscriber over an equal
 * window (the baseline: keeping the book). Memory: the child's heap and RSS after a full GC,
 * before and after the subscribers connected, per 1,000.
 *
 * The gateway runs in a child process (one core); the fake exchange, the subscribers and an observer
 * (its own connection to the fake, with the stream in the URL) run here. Run alone with
 * `npx tsx bench/order-book-subscribers.ts` (BENCH_GATEWAY_LOG_LEVEL=warn shows why the gateway took a
 * snapshot more than once, if it did).
 */
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startFakeExchange, type FakeExchange } from '../src/simulator/fake-exchange.js';
import { gatewayCpu, gatewayMemory, startGatewayChild, stopGatewayChild } from './gateway-child.js';
import { benchReadKey } from './ohlcv-query.js';
import { subscribeSseData, type SseSubscriber } from './sse-subscribers.js';
import { percentile } from './percentile.js';

const subscriberCount = 1000;
const depth = 20;
// Twice the other sections' default: a single stall of the shared machine is 1% of the samples over 10 s (every subscriber's book of one diff).
const measureMs = Number(process.env['BENCH_SECONDS'] ?? 10) * 2000;
const settleMs = 2000;
const stream = 'btcusdt@depth@100ms';
const query = 'subscription ($depth: Int) { orderBook(symbol: "BTCUSDT", depth: $depth) { lastUpdateId bids { price quantity } asks { price quantity } } }';

/** The exchange's event time of each diff, by its last update id. */
function observe(fake: FakeExchange): { times: Map<string, number>; close(): void } {
  const times = new Map<string, number>();
  const socket = new WebSocket(`${fake.wsUrl}/stream?streams=${stream}`);
  socket.on('message', (raw: Buffer) => {
    const { data } = JSON.parse(raw.toString('utf8')) as { data: { E: number; u: number } };
    times.set(String(data.u), data.E);
  });
  return { times, close: () => socket.close() };
}


const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchOrderBook(): Promise<string> {
  const fake = await startFakeExchange({ streamUpdateIntervalMs: 0, weightLimitPerMinute: 1_000_000 });
  const observer = observe(fake);
  const { child, url } = await startGatewayChild(fake);
  const subscribers: SseSubscriber[] = [];
  try {
    // Baseline: the book kept (one subscriber holds it), nobody else listening.
    const holder = subscribeSseData(url, benchReadKey, query, { depth }, () => undefined);
    subscribers.push(holder);
    await holder.first;
    await pause(settleMs);
    const before = await gatewayMemory(child);
    let cpu = await gatewayCpu(child);
    await pause(measureMs);
    const baselineCpu = ((await gatewayCpu(child)).cpuMicros - cpu.cpuMicros) / (measureMs * 1000);

    const lags: number[] = [];
    let books = 0;
    let unmatched = 0;
    let measuring = false;
    for (let i = 0; i < subscriberCount; i += 250) {
      const batch = Array.from({ length: Math.min(250, subscriberCount - i) }, () =>
        subscribeSseData<{ orderBook: { lastUpdateId: string } }>(url, benchReadKey, query, { depth }, ({ orderBook }, arrivedAt) => {
          if (!measuring) return;
          books++;
          const sent = observer.times.get(orderBook.lastUpdateId);
          if (sent === undefined) unmatched++;
          else lags.push(arrivedAt - sent);
        }),
      );
      subscribers.push(...batch);
      await Promise.all(batch.map((s) => s.first));
    }
    const after = await gatewayMemory(child);
    await pause(settleMs);
    cpu = await gatewayCpu(child);
    const diffsBefore = observer.times.size;
    measuring = true;
    await pause(measureMs);
    measuring = false;
    const loadedCpu = ((await gatewayCpu(child)).cpuMicros - cpu.cpuMicros) / (measureMs * 1000);
    const diffs = observer.times.size - diffsBefore;

    lags.sort((a, b) => a - b);
    const subscribes = fake.streams.controlMessages.filter((m) => m.method === 'SUBSCRIBE').flatMap((m) => m.params as string[]);
    const depthSubscribes = subscribes.filter((s) => s === stream).length;
    const snapshots = fake.requestCount('/api/v3/depth');
    const perThousand = (bytes: number) => ((bytes / subscriberCount) * 1000) / 2 ** 20;
    return [
      `### Order-book subscriptions over SSE — ${subscriberCount} subscribers of BTCUSDT at depth ${depth}, a diff every 100 ms, ${measureMs / 1000} s measured`,
      '',
      "Gateway in a child process (in-process store); fake exchange, observer and subscribers in the benchmark process. Lag: from the exchange's",
      'event time `E` of the diff a book is current to, to its arrival at the subscriber. CPU: the gateway process, share of one core.',
      '',
      '| measurement | result | target |',
      '| --- | ---: | ---: |',
      `| upstream SUBSCRIBE of ${stream} / REST snapshots | ${depthSubscribes} / ${snapshots} | 1 / 1 |`,
      `| books received (diffs sent × subscribers) | ${books} (${diffs} × ${subscriberCount}; ${unmatched} unmatched) | |`,
      `| lag p50 / p99 / max | ${percentile(lags, 50)} / ${percentile(lags, 99)} / ${lags.at(-1) ?? Number.NaN} ms | p99 < 100 ms |`,
      `| gateway CPU: keeping the book for 1 subscriber (baseline) | ${(baselineCpu * 100).toFixed(1)}% | |`,
      `| gateway CPU: ${subscriberCount} subscribers | ${(loadedCpu * 100).toFixed(1)}% (${(loadedCpu / Math.max(baselineCpu, 1e-6)).toFixed(1)}× the baseline) | |`,
      // RSS can fall while subscribers connect (the allocator hands back what the snapshot fetch used).
      `| gateway memory per 1,000 subscribers: heap / RSS | ${perThousand(after.heapUsed - before.heapUsed).toFixed(1)} MiB / ${after.rss > before.rss ? `${perThousand(after.rss - before.rss).toFixed(1)} MiB` : 'n/a (RSS fell meanwhile)'} | |`,
      '',
    ].join('\n');
  } finally {
    for (const subscriber of subscribers) subscriber.close();
    await stopGatewayChild(child);
    observer.close();
    await fake.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(await benchOrderBook());
}
