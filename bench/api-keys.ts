/**
 * API-keys benchmark (issue 9): what authentication costs as keys grow, and what a refusal costs.
 * (1) cached ohlcv(limit: 500) at 50 connections with 1 key in API_KEYS, 1,700 in API_KEYS and
 * 100,000 in the store, each as a share of a bare node:http server sending the same bytes (measured
 * before and after, in the same run); (2) refused requests per second (an unknown key, a key
 * without the scope, a spent budget; on the cached query at the front door, and on Mutation.trade,
 * which Yoga executes) against the cached answer and against the bare server sending the same
 * refusal. Servers in a child process (api-keys-servers.ts), so autocannon has the other core.
 *
 * `npx tsx bench/api-keys.ts` runs it alone (BENCH_SECONDS, default 8, per load).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { sha256Hex } from '../src/auth/api-key-hash.js';
import { KeyDirectory } from '../src/auth/key-directory.js';
import { apiKeysCollection } from '../src/auth/stored-api-key.js';
import { createLogger } from '../src/observability/logger.js';
import { createMemoryStore } from '../src/store/memory-store.js';
import { benchQueryBody } from './ohlcv-query.js';
import { childAnnouncement } from './child-announcement.js';

const connections = 50;
const seconds = Number(process.env['BENCH_SECONDS'] ?? 8);
const tradeBody = JSON.stringify({ query: 'mutation { trade(input: { symbol: "BTCUSDT", side: BUY, quantity: "0.001" }) { status } }' });

interface Load {
  rps: number;
  p50: number;
  p99: number;
  /** Answers with another status than expected. */
  unexpected: number;
}

interface Servers {
  urls: Record<'one' | 'env1700' | 'stored100k' | 'spent', string>;
  bareUrl: string;
  keys: Record<'read' | 'tradeOnly' | 'readOnly' | 'spentTrader' | 'stored', string>;
  answers: Record<string, { status: number; bytes: number; text: string }>;
}

async function load(url: string, key: string, body: string, expectedStatus: number, duration = seconds): Promise<Load> {
  let unexpected = 0;
  // onResponse is an autocannon option the shared type declaration leaves out.
  const request = { method: 'POST', onResponse: (status: number) => void (status !== expectedStatus && unexpected++) };
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body,
    requests: [request],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, unexpected: unexpected + result.errors };
}

/**
 * Runs every target once per round, `count` rounds, starting each round one target further on (so
 * none always runs right after the same neighbour); each target's loads by name, in round order.
 */
async function rounds(targets: Record<string, () => Promise<Load>>, count: number): Promise<Record<string, Load[]>> {
  const results: Record<string, Load[]> = {};
  const entries = Object.entries(targets);
  for (let round = 0; round < count; round++) {
    for (let i = 0; i < entries.length; i++) {
      const [name, run] = entries[(round + i) % entries.length] as [string, () => Promise<Load>];
      (results[name] ??= []).push(await run());
    }
  }
  return results;
}

/** The median of `target`'s rate over `baseline`'s, round by round: the load of the machine drifts less within a round. */
function medianRatio(target: readonly Load[], baseline: readonly Load[]): number {
  const ratios = target.map((load, i) => load.rps / (baseline[i]?.rps ?? Number.NaN)).sort((a, b) => a - b);
  return ratios[Math.floor((ratios.length - 1) / 2)] ?? Number.NaN;
}

/** The load with the median rate (the slower middle one for an even count). */
function median(loads: Load[]): Load {
  const sorted = [...loads].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? { rps: 0, p50: 0, p99: 0, unexpected: 0 };
}

/** ns per KeyDirectory.authenticate of a known and an unknown key, with `envCount` keys in API_KEYS and `storedCount` stored. */
async function lookupCost(envCount: number, storedCount: number): Promise<{ known: number; unknown: number }> {
  const store = createMemoryStore();
  for (let i = 0; i < storedCount; i++) {
    const record = { v: 1, id: `s${i}`, sha256: sha256Hex(`stored-${i}`), scopes: ['read'], createdAt: 0, expiresAt: null, revokedAt: null };
    await store.writeRecord(apiKeysCollection, record.id, JSON.stringify(record));
  }
  const envKeys = Array.from({ length: envCount }, (_, i) => ({ id: `e${i}`, sha256: sha256Hex(`env-${i}`), scopes: ['read' as const] }));
  const keys = new KeyDirectory({ envKeys, store, logger: createLogger('silent') });
  await keys.start();
  const known = storedCount > 0 ? `stored-${Math.floor(storedCount / 2)}` : `env-${Math.floor(envCount / 2)}`;
  const time = (key: string): number => {
    const iterations = 300_000;
    for (let i = 0; i < 20_000; i++) keys.authenticate(key);
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) keys.authenticate(key);
    return Number(process.hrtime.bigint() - started) / iterations;
  };
  if (keys.authenticate(known).viewer === null) throw new Error('lookup benchmark: the known key was refused');
  const result = { known: time(known), unknown: time('not-a-key-of-this-gateway') };
  await keys.stop();
  await store.close();
  return result;
}

export async function benchApiKeys(): Promise<string> {
  await lookupCost(1, 0); // warm-up: the first measurement would pay for the JIT
  const lookups = [
    ['1 key in API_KEYS', await lookupCost(1, 0)],
    ['1,700 keys in API_KEYS', await lookupCost(1700, 0)],
    ['1,700 in API_KEYS + 100,000 in the store (a stored key)', await lookupCost(1700, 100_000)],
  ] as const;
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./api-keys-servers.ts', import.meta.url))], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const { urls, bareUrl, keys, answers } = await childAnnouncement<Servers>(child, 'api-keys bench servers');
    const expect = (name: string, status: number, code: string | undefined) => {
      const answer = answers[name];
      if (answer?.status !== status || (code !== undefined && !answer.text.includes(code))) throw new Error(`bench scenario ${name} answers ${JSON.stringify(answer)}`);
    };
    expect('cached', 200, undefined);
    expect('unknown', 401, 'UNAUTHENTICATED');
    expect('forbidden', 200, 'FORBIDDEN');
    expect('rateLimited', 200, 'RATE_LIMITED');
    expect('tradeForbidden', 200, 'FORBIDDEN');
    expect('tradeRateLimited', 200, 'RATE_LIMITED');
    const gql = (url: string) => `${url}/graphql`;

    for (const url of Object.values(urls)) await load(gql(url), url === urls.stored100k ? keys.stored : keys.read, benchQueryBody, 200, 2); // warm-up
    await load(`${bareUrl}/cached`, keys.read, benchQueryBody, 200, 2);

    // This machine is shared and noisy: every figure is the median of rounds that interleave the targets.
    const cachedSeconds = Math.max(2, Math.round(seconds / 2));
    const targets: Record<string, () => Promise<Load>> = {
      bare: () => load(`${bareUrl}/cached`, keys.read, benchQueryBody, 200, cachedSeconds),
      one: () => load(gql(urls.one), keys.read, benchQueryBody, 200, cachedSeconds),
      env1700: () => load(gql(urls.env1700), keys.read, benchQueryBody, 200, cachedSeconds),
      stored100k: () => load(gql(urls.stored100k), keys.stored, benchQueryBody, 200, cachedSeconds),
    };
    const runs = await rounds(targets, 7);
    const bare = median(runs['bare'] ?? []);
    const one = median(runs['one'] ?? []);
    const env1700 = median(runs['env1700'] ?? []);
    const stored100k = median(runs['stored100k'] ?? []);
    const shares = (['one', 'env1700', 'stored100k'] as const).map((name) => medianRatio(runs[name] ?? [], runs['bare'] ?? []));
    const spread = (Math.max(...shares) - Math.min(...shares)) / Math.max(...shares);

    const refusals: [string, string, string, string, string, number][] = [
      ['unknown key, cached query', 'unknown', urls.env1700, 'not-a-key-of-this-gateway', benchQueryBody, 401],
      ['missing scope, cached query', 'forbidden', urls.env1700, keys.tradeOnly, benchQueryBody, 200],
      ['spent budget, cached query', 'rateLimited', urls.spent, keys.read, benchQueryBody, 200],
      ['missing scope, Mutation.trade', 'tradeForbidden', urls.env1700, keys.readOnly, tradeBody, 200],
      ['spent budget, Mutation.trade', 'tradeRateLimited', urls.env1700, keys.spentTrader, tradeBody, 200],
    ];
    // Shorter runs, one round more: eleven targets.
    const refusalSeconds = Math.max(2, Math.round(seconds / 2));
    const refusalTargets: Record<string, () => Promise<Load>> = {
      cached: () => load(gql(urls.env1700), keys.read, benchQueryBody, 200, refusalSeconds),
    };
    for (const [, name, url, key, body, status] of refusals) {
      refusalTargets[name] = () => load(gql(url), key, body, status, refusalSeconds);
      refusalTargets[`bare-${name}`] = () => load(`${bareUrl}/${name}`, key, body, status, refusalSeconds);
    }
    const refusalRuns = await rounds(refusalTargets, 3);
    const cached = median(refusalRuns['cached'] ?? []);
    const refusalRows = refusals.map(([label, name]) => {
      const refused = median(refusalRuns[name] ?? []);
      const bareSame = median(refusalRuns[`bare-${name}`] ?? []);
      const vsCached = medianRatio(refusalRuns[name] ?? [], refusalRuns['cached'] ?? []);
      const vsBare = medianRatio(refusalRuns[name] ?? [], refusalRuns[`bare-${name}`] ?? []);
      return `| ${label} | ${answers[name]?.bytes ?? 0} | ${refused.rps.toFixed(0)} | ${refused.p99} | ${(vsCached * 100).toFixed(1)}% | ${bareSame.rps.toFixed(0)} | ${(vsBare * 100).toFixed(1)}% | ${refused.unexpected} |`;
    });
    const row = (label: string, l: Load, share: number) => `| ${label} | ${l.rps.toFixed(0)} | ${l.p50} | ${l.p99} | ${(share * 100).toFixed(1)}% | ${l.unexpected} |`;
    return [
      '## API keys: authentication as keys grow, and refusals',
      '',
      '### The key lookup alone (in process, 300,000 lookups of one key)',
      '',
      '| keys | known key, ns per lookup | unknown key, ns per lookup |',
      '| --- | ---: | ---: |',
      ...lookups.map(([label, cost]) => `| ${label} | ${cost.known.toFixed(0)} | ${cost.unknown.toFixed(0)} |`),
      '',
      'One SHA-256 of the presented key and two Map lookups, whatever the number of keys.',
      '',
      `### Cached ohlcv(limit: 500) by key count — ${connections} connections, median of 7 interleaved runs of ${cachedSeconds} s, response ${answers['cached']?.bytes} bytes`,
      '',
      'Servers in a child process (in-process store); one key lookup per request (SHA-256, then one Map lookup in the',
      'API_KEYS index and one in the stored-keys index). 100,000 keys: written to the store before start, loaded by the',
      'key directory, the benchmark key among them.',
      '',
      'req/s, p50 and p99 are the median run\'s; the share of bare is the median over the rounds of the run\'s rate over the',
      'bare server\'s in the same round.',
      '',
      '| server | req/s | p50 ms | p99 ms | share of bare | unexpected answers |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      row('bare node:http, same bytes', bare, 1),
      row('gateway, 1 key in API_KEYS', one, shares[0] ?? 0),
      row('gateway, 1,700 keys in API_KEYS', env1700, shares[1] ?? 0),
      row('gateway, 100,000 keys in the store', stored100k, shares[2] ?? 0),
      '',
      `**Share of the bare ceiling: ${shares.map((share) => `${(share * 100).toFixed(1)}%`).join(', ')}** (target ≥ 20% at every key count);` +
        ` spread between key counts ${(spread * 100).toFixed(1)}% of the highest share (target within 10%).`,
      '',
      `### Refused requests per second — ${connections} connections, median of 3 interleaved runs of ${refusalSeconds} s, 1,700 keys`,
      '',
      `Each refusal against the cached ohlcv answer (1,700 keys: ${cached.rps.toFixed(0)} req/s in these rounds) and against a bare`,
      'node:http server sending the same refusal bytes. All are answered by the front door: an unknown key at once; a',
      'missing scope or a spent budget once the request has been executed before (the door keeps its root fields and',
      'policies, and the limiter remembers a spent budget until its retry-after), whether its answer is cached or not.',
      '',
      '| refusal | bytes | req/s | p99 ms | vs cached answer | bare, same bytes, req/s | share of bare | unexpected answers |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...refusalRows,
      '',
    ].join('\n');
  } finally {
    child.kill('SIGTERM');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await benchApiKeys()}\n`);
}
