/**
 * Subscriptions benchmark (issue 4): many SSE subscribers of Subscription.candles while the fake
 * exchange pushes 4 updates a second per stream. (1) 1,000 subscribers of one stream; (2) 5,000
 * over 50 streams. For each: upstream subscriptions the gateway made, delivery lag from the
 * exchange's event time `E` to the arrival at the client (p50, p99), and gateway memory per
 * subscriber.
 *
 * The gateway runs in a child process (one core); the fake exchange, the subscribers and an
 * observer run here (the other core). The observer holds its own connection to the fake, with its
 * streams in the URL (so it sends no SUBSCRIBE), and notes each event's `E` by the bar's values; a
 * subscriber's candle is matched to it by stream, open time, close, volume and trades. Memory is the
 * child's heap and RSS after a full GC, before and after the subscribers connected, divided by their
 * number. Run alone with `npx tsx bench/subscriptions.ts`.
 */
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { klineStreamName } from '../src/streaming/kline-events.js';
import type { Interval } from '../src/market-data/intervals.js';
import { startFakeExchange, type FakeExchange } from '../src/simulator/fake-exchange.js';
import { defaultSymbols, type SymbolSpec } from '../src/simulator/symbols.js';
import { benchReadKey } from './ohlcv-query.js';
import { gatewayMemory, startGatewayChild, stopGatewayChild } from './gateway-child.js';
import { subscribeSse, type ArrivedCandle, type SseSubscriber } from './sse-subscribers.js';

const measureMs = Number(process.env['BENCH_SECONDS'] ?? 10) * 1000;
const settleMs = 2000;
/** Longest a batch of 250 subscribers may take to receive their first candle. */
const batchDeadlineMs = 15_000;

interface StreamSpec {
  symbol: string;
  interval: Interval;
}

interface ScenarioResult {
  name: string;
  subscribers: number;
  /** Subscribers that had received their first candle when measuring began. */
  started: number;
  streams: number;
  subscribeParams: number;
  gatewayConnections: number;
  lag: { p50: number; p99: number; max: number; samples: number; unmatched: number };
  heapPerSubscriber: number;
  rssPerSubscriber: number;
}

const extraSymbols: SymbolSpec[] = ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO', 'FOXTROT', 'GOLF', 'HOTEL', 'INDIA', 'JULIET'].map(
  (base, i) => ({ symbol: `${base}USDT`, baseAsset: base, quoteAsset: 'USDT', price: String(100 + i), tickSize: '0.01', stepSize: '0.001', minNotional: '5' }),
);

/** The exchange's event time of each kline event, by stream and bar values. */
function observe(fake: FakeExchange, streams: string[]): { times: Map<string, number>; close(): void } {
  const times = new Map<string, number>();
  const socket = new WebSocket(`${fake.wsUrl}/stream?streams=${streams.join('/')}`);
  socket.on('message', (raw: Buffer) => {
    const { stream, data } = JSON.parse(raw.toString('utf8')) as { stream: string; data: { E: number; k: { t: number; c: string; v: string; n: number } } };
    const key = `${stream}|${data.k.t}|${data.k.c}|${data.k.v}|${data.k.n}`;
    if (!times.has(key)) times.set(key, data.E);
  });
  return { times, close: () => socket.close() };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function runScenario(name: string, streams: StreamSpec[], perStream: number): Promise<ScenarioResult> {
  const fake = await startFakeExchange({ streamUpdateIntervalMs: 250, symbols: [...defaultSymbols.slice(0, 1), ...extraSymbols] });
  const names = streams.map((s) => klineStreamName(s.symbol, s.interval));
  const observer = observe(fake, names);
  const { child, url } = await startGatewayChild(fake);
  const subscribers: SseSubscriber[] = [];
  try {
    const before = await gatewayMemory(child);
    const lags: number[] = [];
    let unmatched = 0;
    let measuring = false;
    const started = new Set<number>();
    const onCandle = (stream: string, index: number) => (candle: ArrivedCandle, arrivedAt: number) => {
      started.add(index);
      if (!measuring) return;
      const sent = observer.times.get(`${stream}|${candle.openTime}|${candle.close}|${candle.volume}|${candle.trades}`);
      if (sent === undefined) unmatched++;
      else lags.push(arrivedAt - sent);
    };
    // Connect in batches, so that the connection storm itself is not what is measured. A batch
    // that cannot start within the deadline means the gateway is saturated: stop adding there.
    let saturated = false;
    for (let i = 0; i < streams.length * perStream && !saturated; i += 250) {
      const batch = Array.from({ length: Math.min(250, streams.length * perStream - i) }, (_, j) => {
        const spec = streams[(i + j) % streams.length] as StreamSpec;
        return subscribeSse(url, benchReadKey, spec, onCandle(names[(i + j) % streams.length] as string, i + j));
      });
      subscribers.push(...batch);
      const inTime = await Promise.race([
        Promise.all(batch.map((s) => s.first)).then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), batchDeadlineMs)),
      ]);
      saturated = !inTime;
    }
    const after = await gatewayMemory(child);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const startedBefore = started.size;
    measuring = true;
    await new Promise((resolve) => setTimeout(resolve, measureMs));
    measuring = false;

    const gatewaySubscribes = fake.streams.controlMessages.filter((m) => m.method === 'SUBSCRIBE').flatMap((m) => m.params as string[]);
    lags.sort((a, b) => a - b);
    const count = subscribers.length;
    return {
      name,
      subscribers: count,
      started: startedBefore,
      streams: streams.length,
      subscribeParams: gatewaySubscribes.length,
      // The observer holds one connection of its own.
      gatewayConnections: fake.streams.connectionCount() - 1,
      lag: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? Number.NaN, samples: lags.length, unmatched },
      heapPerSubscriber: (after.heapUsed - before.heapUsed) / count,
      rssPerSubscriber: (after.rss - before.rss) / count,
    };
  } finally {
    for (const subscriber of subscribers) subscriber.close();
    await stopGatewayChild(child);
    observer.close();
    await fake.close();
  }
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

export async function benchSubscriptions(): Promise<string> {
  const one = await runScenario('1,000 subscribers, 1 stream', [{ symbol: 'BTCUSDT', interval: 'MIN_1' }], 1000);
  const intervals: Interval[] = ['MIN_1', 'MIN_3', 'MIN_5', 'MIN_15', 'HOUR_1'];
  const fifty = extraSymbols.flatMap((s) => intervals.map((interval) => ({ symbol: s.symbol, interval })));
  const many = await runScenario('5,000 subscribers, 50 streams', fifty, 100);
  const rows = [one, many].map((r) => {
    // Every update of every stream to every subscriber that had started; fewer means updates were coalesced.
    const due = r.started * 4 * (measureMs / 1000);
    return (
      `| ${r.name} | ${r.started} of ${r.subscribers} | ${r.subscribeParams} | ${r.gatewayConnections} | ${r.lag.p50} | ${r.lag.p99} | ${r.lag.max} |` +
      ` ${r.lag.samples} (${((100 * r.lag.samples) / due).toFixed(0)}% of due; ${r.lag.unmatched} unmatched) | ${kib(r.heapPerSubscriber)} | ${kib(r.rssPerSubscriber)} |`
    );
  });
  return [
    `### Candle subscriptions over SSE — fake exchange pushing 4 updates/s per stream, ${measureMs / 1000} s measured`,
    '',
    'Gateway in a child process (in-process store); fake exchange, observer and SSE subscribers in the benchmark',
    'process. Lag: from the exchange event time `E` to the arrival of the candle at the subscriber. Memory: the',
    "gateway process's heap and RSS after a full GC, before and after the subscribers connected, per subscriber.",
    'Subscribers connect 250 at a time; a batch not started within 15 s ends the connecting (saturation).',
    '',
    '| scenario | subscribers started | upstream SUBSCRIBE params | upstream connections | lag p50 ms | lag p99 ms | lag max ms | updates received | heap KiB/sub | RSS KiB/sub |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Targets: 1 upstream subscription per stream (SUBSCRIBE params = streams); p99 under 100 ms for 1,000 subscribers of one stream (measured ${one.lag.p99} ms).`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(await benchSubscriptions());
}
