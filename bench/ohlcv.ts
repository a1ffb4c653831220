/**
 * OHLCV benchmark (issue 2): (1) cached ohlcv(limit: 500) throughput and p99 at 50 connections,
 * as a share of a bare node:http server sending the same bytes, both measured in the same run;
 * (2) upstream requests for 100 concurrent identical cold queries and a warm repeat;
 * (3) time to the first and the last candle of a cold 20,000-bar range under @stream, and the bytes
 * on the wire, with a page's candles as one `items` list per payload (after) and one entry per
 * candle (before: the executor's own format), measured in the same run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { createGateway } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/observability/logger.js';
import { startFakeExchange } from '../src/simulator/fake-exchange.js';
import { benchApiKeysEnv, benchQueryBody, benchReadKey } from './ohlcv-query.js';

const connections = 50;
const seconds = Number(process.env['BENCH_SECONDS'] ?? 8);

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 after the command name (which may hold spaces, hence the last ')').
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
}
const clockTicksPerSecond = 100;

/**
 * A load with the server process's CPU per answered request (µs): the req/s of the gateway and of
 * the bare server both meet the load generator's ceiling on a 2-core machine, so CPU per request is
 * the figure that still tells two server versions apart.
 */
async function loadWithCpu(url: string, pid: number | undefined): Promise<Load & { cpuPerRequestMicros: number }> {
  const cpuBefore = processCpuMs(pid);
  const result = await load(url);
  const cpuAfter = processCpuMs(pid);
  return { ...result, cpuPerRequestMicros: ((cpuAfter - cpuBefore) * 1000) / (result.rps * seconds) };
}

async function load(url: string): Promise<Load> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', 'x-api-key': benchReadKey },
    body: benchQueryBody,
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

async function throughput(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ohlcv-servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    });
    const { gatewayUrl, hooksUrl, bareUrl, responseBytes, status } = JSON.parse(line) as Record<string, string | number>;
    if (status !== 200) throw new Error(`benchmark query failed with HTTP ${status}`);
    await load(String(gatewayUrl)); // warm-up: JIT, caches
    await load(String(hooksUrl));
    const bareA = await loadWithCpu(String(bareUrl), child.pid);
    const gateway = await loadWithCpu(String(gatewayUrl), child.pid);
    const hooks = await loadWithCpu(String(hooksUrl), child.pid);
    const bareB = await loadWithCpu(String(bareUrl), child.pid);
    const bareRps = (bareA.rps + bareB.rps) / 2;
    const ratio = gateway.rps / bareRps;
    return [
      `### Cached ohlcv(limit: 500) — ${connections} connections, ${seconds} s per run, response ${responseBytes} bytes`,
      '',
      '| server | req/s | p50 ms | p99 ms | errors | server CPU µs/request |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('bare node:http, same bytes (before)', bareA),
      row('gateway (front door in front of Yoga)', gateway),
      row("same services, cached answers from Yoga's hooks (onParams + setResult)", hooks),
      row('bare node:http, same bytes (after)', bareB),
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

function row(server: string, run: Load & { cpuPerRequestMicros: number }): string {
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
