/**
 * OHLCV benchmark (issue 2): (1) cached ohlcv(limit: 500) throughput and p99 at 50 connections,
 * as a share of a bare node:http server sending the same bytes, both measured in the same run;
 * (2) upstream requests for 100 concurrent identical cold queries and a warm repeat;
 * (3) time to the first and the last candle of a cold 20,000-bar range under @stream, and the bytes
 * on the wire, with a page's candles as one `items` list per payload (after) and one entry per
 * candle (before: the executor's own format), measured in the same run.
 */
import { spawn } from 'node:child_process';
import { createGateway } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/observability/logger.js';
import { startFakeExchange } from '../src/simulator/fake-exchange.js';
import { benchApiKeysEnv, benchQueryBody, benchReadKey } from './ohlcv-query.js';
import { cachedQueryConnections, cachedQuerySeconds, loadCachedQuery, type CachedQueryLoad } from './cached-query-load.js';
import { childAnnouncement } from './child-announcement.js';

async function throughput(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ohlcv-servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const { gatewayUrl, hooksUrl, bareUrl, responseBytes, status } = await childAnnouncement<Record<string, string | number>>(child, 'bench server');
    if (status !== 200) throw new Error(`benchmark query failed with HTTP ${status}`);
    await loadCachedQuery(String(gatewayUrl), child.pid); // warm-up: JIT, caches
    await loadCachedQuery(String(hooksUrl), child.pid);
    const bareA = await loadCachedQuery(String(bareUrl), child.pid);
    const gateway = await loadCachedQuery(String(gatewayUrl), child.pid);
    const hooks = await loadCachedQuery(String(hooksUrl), child.pid);
    const bareB = await loadCachedQuery(String(bareUrl), child.pid);
    const bareRps = (bareA.rps + bareB.rps) / 2;
    const ratio = gateway.rps / bareRps;
    return [
      `### Cached ohlcv(limit: 500) — ${cachedQueryConnections} connections, ${cachedQuerySeconds} s per run, response ${responseBytes} bytes`,
      '',
      '| server | req/s | p50 ms | p99 ms | errors | server CPU µs/request |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      loadRow('bare node:http, same bytes (before)', bareA),
      loadRow('gateway (front door in front of Yoga)', gateway),
      loadRow("same services, cached answers from Yoga's hooks (onParams + setResult)", hooks),
      loadRow('bare node:http, same bytes (after)', bareB),
      '',
      `**Gateway / bare ceiling: ${(ratio * 100).toFixed(1)}%** (target ≥ 20%), gateway p99 ${gateway.p99} ms (target < 50 ms).` +
        ` Yoga-hooks door / bare: ${((hooks.rps / bareRps) * 100).toFixed(1)}%.` +
        ` Server CPU per request, gateway / bare: ${(gateway.cpuPerRequestMicros / ((bareA.cpuPerRequestMicros + bareB.cpuPerRequestMicros) / 2)).toFixed(2)}×.`,
      '',
    ].join('\n');
  } finally {
    child.kill('SIGTERM');
  }
}

function loadRow(server: string, run: CachedQueryLoad): string {
  return `| ${server} | ${run.rps.toFixed(0)} | ${run.p50} | ${run.p99} | ${run.errors} | ${run.cpuPerRequestMicros.toFixed(1)} |`;
}

async function upstreamCosts(): Promise<string> {
  const fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  fake.setLatency('/api/v3/klines', 50);
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', BINANCE_BASE_URL: fake.url, BINANCE_WS_URL: fake.wsUrl, API_KEYS: benchApiKeysEnv });
  const gateway = createGateway({ config, logger: createLogger('silent') });
  const url = await gateway.start();
  const post = (body: string, accept = 'application/json') =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept, 'x-api-key': benchReadKey }, body });
  try {
    fake.resetCounters();
    await Promise.all(Array.from({ length: 100 }, () => post(benchQueryBody).then((r) => r.arrayBuffer())));
    const cold = fake.requestCount('/api/v3/klines');
    fake.resetCounters();
    await (await post(benchQueryBody)).arrayBuffer();
    const warm = fake.requestCount('/api/v3/klines');

    return [
      '### Upstream cost (fake exchange with 50 ms per klines request)',
      '',
      '| measurement | result | target |',
      '| --- | ---: | ---: |',
      `| klines requests for 100 concurrent identical cold ohlcv(limit: 500) | ${cold} | 1 |`,
      `| klines requests for a warm repeat | ${warm} | 0 |`,
      '',
    ].join('\n');
  } finally {
    await gateway.stop();
    await fake.close();
  }
}

interface LongRangeRun {
  firstMs: number;
  lastMs: number;
  bytes: number;
  parts: number;
  entries: number;
  pages: number;
}

/** One cold 20,000-bar range under @stream over multipart/mixed, on a fresh gateway and exchange. */
async function longRange(batched: boolean): Promise<LongRangeRun> {
  const fake = await startFakeExchange({ streamUpdateIntervalMs: 0 });
  fake.setLatency('/api/v3/klines', 50);
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', BINANCE_BASE_URL: fake.url, BINANCE_WS_URL: fake.wsUrl, API_KEYS: benchApiKeysEnv });
  const gateway = createGateway({ config: { ...config, streamItemsBatched: batched }, logger: createLogger('silent') });
  const url = await gateway.start();
  try {
    const body = JSON.stringify({
      query: '{ ohlcv(symbol: "ETHUSDT", interval: MIN_1, limit: 20000, start: "2023-05-01T00:00:00.000Z") @stream(initialCount: 1) { openTime close } }',
    });
    const started = performance.now();
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed', 'x-api-key': benchReadKey },
      body,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let firstMs = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!firstMs && value.length > 0) firstMs = performance.now() - started;
      text += decoder.decode(value, { stream: true });
    }
    const lastMs = performance.now() - started;
    const bytes = Buffer.byteLength(text);
    return { firstMs, lastMs, bytes, parts: text.split('\r\n---').length - 1, entries: (text.match(/"items":/g) ?? []).length, pages: fake.requestCount('/api/v3/klines') };
  } finally {
    await gateway.stop();
    await fake.close();
  }
}

async function longRanges(): Promise<string> {
  // Alternated, twice each, so that drift on the shared machine weighs on both alike.
  const runs: { batched: boolean; run: LongRangeRun }[] = [];
  for (const batched of [false, true, false, true]) runs.push({ batched, run: await longRange(batched) });
  const mean = (batched: boolean, pick: (r: LongRangeRun) => number) => {
    const picked = runs.filter((r) => r.batched === batched).map((r) => pick(r.run));
    return picked.reduce((a, b) => a + b, 0) / picked.length;
  };
  const row = (name: string, batched: boolean) =>
    `| ${name} | ${mean(batched, (r) => r.firstMs).toFixed(0)} | ${mean(batched, (r) => r.lastMs).toFixed(0)} | ${(mean(batched, (r) => r.bytes) / 1024).toFixed(0)} | ${mean(batched, (r) => r.parts).toFixed(0)} | ${mean(batched, (r) => r.entries).toFixed(0)} | ${mean(batched, (r) => r.pages).toFixed(0)} |`;
  const bytesRatio = mean(true, (r) => r.bytes) / mean(false, (r) => r.bytes);
  const lastRatio = mean(true, (r) => r.lastMs) / mean(false, (r) => r.lastMs);
  return [
    '### A cold 20,000-bar range with @stream over multipart/mixed (fake exchange with 50 ms per klines request)',
    '',
    'Before: one incremental entry per candle (the executor\'s own); after: the candles of each payload as one `items` list.',
    'Each a fresh gateway and exchange, alternated, two runs each (means).',
    '',
    '| delivery | first payload ms | last candle ms | KiB on the wire | multipart parts | incremental entries | exchange pages |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('one entry per candle (before)', false),
    row('one `items` list per payload (after)', true),
    '',
    `**Bytes after / before: ${(bytesRatio * 100).toFixed(0)}%; time to the last candle after / before: ${(lastRatio * 100).toFixed(0)}%.**`,
    '',
  ].join('\n');
}

export async function benchOhlcv(): Promise<string> {
  return `## Market data (ohlcv)\n\n${await throughput()}\n${await upstreamCosts()}\n${await longRanges()}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await benchOhlcv()}\n`);
}
