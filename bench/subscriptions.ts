/**
 * Subscriptions benchmark (issue 4): many SSE subscribers of Subscription.candles while the fake
 * exchange pushes 4 updates a second per stream. (1) 1,000 subscribers of one stream; (2) 5,000
 * over 50 streams, every stream updating in the same instant (the worst case); (3) the same with
 * the streams' updates spread over the period, as a real exchange's are. For each: upstream subscriptions the gateway made, delivery lag from the
 * exchange's event time `E` to the arrival at the client (p50, p99), and gateway memory per
 * subscriber.
 *
 * The gateway runs in a child process (one core); the fake exchange, the subscribers and an
 * observer run here (the other core). The observer holds its own connection to the fake, with its
 * streams in the URL (so it sends no SUBSCRIBE), and notes each event's `E` by the bar's values; a
 * subscriber's candle is matched to it by stream, open time, close, volume and trades (the n-th copy
 * of an unchanged bar to the n-th event that sent it). Memory is the
 * child's heap and RSS after a full GC, before and after the subscribers connected, divided by their
 * number. Run alone with `npx tsx bench/subscriptions.ts`; `BENCH_SCENARIO=one`, `many` or `staggered` runs one
 * scenario, `BENCH_CPU_PROF=<dir>` writes the gateway child's CPU profile there (--cpu-prof) and
 * `BENCH_HEAP_SNAPSHOT=<dir>` a heap snapshot once the subscribers are connected.
 */
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { klineStreamName } from '../src/streaming/kline-events.js';
import type { Interval } from '../src/market-data/intervals.js';
import { startFakeExchange, type FakeExchange } from '../src/simulator/fake-exchange.js';
import { defaultSymbols, type SymbolSpec } from '../src/simulator/symbols.js';
import { benchReadKey } from './ohlcv-query.js';
import { gatewayCpu, gatewayMemory, startGatewayChild, stopGatewayChild } from './gateway-child.js';
import { subscribeSse, type ArrivedCandle, type SseSubscriber } from './sse-subscribers.js';
import { percentile } from './percentile.js';

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
  /** Gateway CPU (user + system) per candle delivered while measuring, µs: steadier than lag on a shared machine. */
  cpuPerEvent: number;
}

const extraSymbols: SymbolSpec[] = ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO', 'FOXTROT', 'GOLF', 'HOTEL', 'INDIA', 'JULIET'].map(
  (base, i) => ({ symbol: `${base}USDT`, baseAsset: base, quoteAsset: 'USDT', price: String(100 + i), tickSize: '0.01', stepSize: '0.001', minNotional: '5' }),
);

/**
 * The exchange's event time of each kline event, by stream and bar values. The fake starts a
 * stream's update timer when the stream is first subscribed, which is by this observer: with one
 * connection for all streams their updates come in the same instant (the worst case: one burst of
 * every subscriber's update); with `staggerMs` each stream gets its own connection that much after
 * the last, so the updates of the streams are spread over the update period, as a real exchange's are.
 */
async function observe(fake: FakeExchange, streams: string[], staggerMs: number): Promise<{ times: Map<string, number[]>; connections: number; close(): void }> {
  const times = new Map<string, number[]>();
  const onMessage = (raw: Buffer): void => {
    const { stream, data } = JSON.parse(raw.toString('utf8')) as { stream: string; data: { E: number; k: { t: number; c: string; v: string; n: number } } };
    const key = `${stream}|${data.k.t}|${data.k.c}|${data.k.v}|${data.k.n}`;
    const sent = times.get(key);
    if (sent) sent.push(data.E);
    else times.set(key, [data.E]);
  };
  const groups = staggerMs > 0 ? streams.map((stream) => [stream]) : [streams];
  const sockets: WebSocket[] = [];
  for (const group of groups) {
    const socket = new WebSocket(`${fake.wsUrl}/stream?streams=${group.join('/')}`);
    socket.on('message', onMessage);
    sockets.push(socket);
    await new Promise((resolve) => socket.once('open', resolve));
    if (staggerMs > 0) await new Promise((resolve) => setTimeout(resolve, staggerMs));
  }
  return { times, connections: sockets.length, close: () => sockets.forEach((socket) => socket.close()) };
}


const updateIntervalMs = 250;

async function runScenario(name: string, streams: StreamSpec[], perStream: number, options: { staggered?: boolean } = {}): Promise<ScenarioResult> {
  const fake = await startFakeExchange({ streamUpdateIntervalMs: updateIntervalMs, symbols: [...defaultSymbols.slice(0, 1), ...extraSymbols] });
  const names = streams.map((s) => klineStreamName(s.symbol, s.interval));
  const observer = await observe(fake, names, options.staggered ? updateIntervalMs / names.length : 0);
  const { child, url } = await startGatewayChild(fake);
  const subscribers: SseSubscriber[] = [];
  try {
    const before = await gatewayMemory(child);
    const lags: number[] = [];
    let unmatched = 0;
    let measuring = false;
    const started = new Set<number>();
    const onCandle = (stream: string, index: number) => {
      // A forming bar with no trade between two updates is sent again unchanged. Matching every
      // copy to the first one's E read each repeat as a lag of one update period (250 ms) more
      // than it had; the n-th copy a subscriber receives is the n-th event sent (or a later one,
      // if one was coalesced away: then the lag reads high, never low).
      let lastKey = '';
      let copiesOfLast = 0;
      return (candle: ArrivedCandle, arrivedAt: number) => {
        started.add(index);
        const key = `${stream}|${candle.openTime}|${candle.close}|${candle.volume}|${candle.trades}`;
        copiesOfLast = key === lastKey ? copiesOfLast + 1 : 0;
        lastKey = key;
        if (!measuring) return;
        const sentTimes = observer.times.get(key);
        const sent = sentTimes?.[Math.min(copiesOfLast, sentTimes.length - 1)];
        if (sent === undefined) unmatched++;
        else lags.push(arrivedAt - sent);
      };
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
    const snapshotDir = process.env['BENCH_HEAP_SNAPSHOT'];
    if (snapshotDir) {
      await new Promise((resolve) => {
        child.once('message', resolve);
        child.send({ type: 'heap-snapshot', path: `${snapshotDir}/subscribers-${Date.now()}.heapsnapshot` });
      });
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const startedBefore = started.size;
    // The CPU reading must not force a GC (the memory reading does, twice): a full GC of a few
    // hundred MB of subscribers pauses the gateway for about 300 ms, which would be measured as lag.
    const cpuBefore = (await gatewayCpu(child)).cpuMicros;
    measuring = true;
    await new Promise((resolve) => setTimeout(resolve, measureMs));
    measuring = false;
    const cpuAfter = (await gatewayCpu(child)).cpuMicros;

    const gatewaySubscribes = fake.streams.controlMessages.filter((m) => m.method === 'SUBSCRIBE').flatMap((m) => m.params as string[]);
    lags.sort((a, b) => a - b);
    const count = subscribers.length;
    return {
      name,
      subscribers: count,
      started: startedBefore,
      streams: streams.length,
      subscribeParams: gatewaySubscribes.length,
      // The observer holds connections of its own.
      gatewayConnections: fake.streams.connectionCount() - observer.connections,
      lag: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? Number.NaN, samples: lags.length, unmatched },
      heapPerSubscriber: (after.heapUsed - before.heapUsed) / count,
      rssPerSubscriber: (after.rss - before.rss) / count,
      cpuPerEvent: (cpuAfter - cpuBefore) / Math.max(1, lags.length + unmatched),
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
  const only = process.env['BENCH_SCENARIO'];
  const results: ScenarioResult[] = [];
  if (only === undefined || only === 'one') results.push(await runScenario('1,000 subscribers, 1 stream', [{ symbol: 'BTCUSDT', interval: 'MIN_1' }], 1000));
  const intervals: Interval[] = ['MIN_1', 'MIN_3', 'MIN_5', 'MIN_15', 'HOUR_1'];
  const fifty = extraSymbols.flatMap((s) => intervals.map((interval) => ({ symbol: s.symbol, interval })));
  if (only !== 'one' && only !== 'staggered') results.push(await runScenario('5,000 subscribers, 50 streams', fifty, 100));
  if (only === undefined || only === 'staggered') {
    results.push(await runScenario('5,000 subscribers, 50 streams, updates spread', fifty, 100, { staggered: true }));
  }
  const rows = results.map((r) => {
    // Every update of every stream to every subscriber that had started; fewer means updates were coalesced.
    const due = r.started * 4 * (measureMs / 1000);
    return (
      `| ${r.name} | ${r.started} of ${r.subscribers} | ${r.subscribeParams} | ${r.gatewayConnections} | ${r.lag.p50} | ${r.lag.p99} | ${r.lag.max} |` +
      ` ${r.lag.samples} (${((100 * r.lag.samples) / due).toFixed(0)}% of due; ${r.lag.unmatched} unmatched) | ${kib(r.heapPerSubscriber)} | ${kib(r.rssPerSubscriber)} | ${r.cpuPerEvent.toFixed(1)} |`
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
    '| scenario | subscribers started | upstream SUBSCRIBE params | upstream connections | lag p50 ms | lag p99 ms | lag max ms | updates received | heap KiB/sub | RSS KiB/sub | gateway CPU µs/event |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Targets: 1 upstream subscription per stream (SUBSCRIBE params = streams); p99 under 100 ms (measured: ${results.map((r) => `${r.name} ${r.lag.p99} ms`).join('; ')}).`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(await benchSubscriptions());
}
