/**
 * Cached ohlcv(limit: 500) of this checkout against another one (e.g. the commit before a
 * refactoring, checked out with `git worktree add ../before <commit>` and `npm ci` there), in one
 * sitting: each checkout's own bench/ohlcv-servers.ts (its gateway and a bare node:http server
 * sending the same bytes) is loaded in turn by the same load generator, A B A B. Reported per
 * round: the gateway's share of its bare server's req/s, and the server process's CPU per request
 * (gateway / bare), the figure that still tells two versions apart when both meet the load
 * generator's ceiling.
 *
 *   npx tsx bench/compare-cached-query.ts ../before [rounds]
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { cachedQueryConnections, cachedQuerySeconds, loadCachedQuery, type CachedQueryLoad } from './cached-query-load.js';
import { childAnnouncement } from './child-announcement.js';

async function checkedLoad(url: string, pid: number): Promise<CachedQueryLoad> {
  const run = await loadCachedQuery(url, pid);
  if (run.errors > 0) throw new Error(`${url}: ${run.errors} failed requests`);
  return run;
}

interface Round {
  checkout: string;
  gateway: CachedQueryLoad;
  bare: Pick<CachedQueryLoad, 'rps' | 'cpuPerRequestMicros'>;
}

async function round(checkout: string): Promise<Round> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ohlcv-servers.ts'], { cwd: checkout, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const { gatewayUrl, bareUrl } = await childAnnouncement<{ gatewayUrl: string; bareUrl: string }>(child, `${checkout}: bench servers`);
    const pid = child.pid as number;
    await checkedLoad(gatewayUrl, pid); // warm-up: JIT, caches
    const bareBefore = await checkedLoad(bareUrl, pid);
    const gateway = await checkedLoad(gatewayUrl, pid);
    const bareAfter = await checkedLoad(bareUrl, pid);
    const bare = {
      rps: (bareBefore.rps + bareAfter.rps) / 2,
      cpuPerRequestMicros: (bareBefore.cpuPerRequestMicros + bareAfter.cpuPerRequestMicros) / 2,
    };
    return { checkout, gateway, bare };
  } finally {
    child.kill('SIGTERM');
  }
}

const other = process.argv[2];
if (!other) throw new Error('usage: npx tsx bench/compare-cached-query.ts <other checkout> [rounds]');
const rounds = Number(process.argv[3] ?? 2);
const checkouts = { before: resolve(other), after: resolve('.') };
const results: (Round & { label: string })[] = [];
for (let i = 0; i < rounds; i++) {
  for (const [label, checkout] of Object.entries(checkouts)) {
    process.stderr.write(`compare: ${label} round ${i + 1}…\n`);
    results.push({ label, ...(await round(checkout)) });
  }
}

const lines = [
  `### Cached ohlcv(limit: 500): ${other} (before) against this checkout (after) — ${cachedQueryConnections} connections, ${cachedQuerySeconds} s per load`,
  '',
  '| checkout | round | gateway req/s | bare req/s | gateway / bare req/s | gateway CPU µs/request | bare CPU µs/request | CPU gateway / bare |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r, i) =>
    [
      `| ${r.label} | ${Math.floor(i / 2) + 1} | ${r.gateway.rps.toFixed(0)} | ${r.bare.rps.toFixed(0)} | ${((100 * r.gateway.rps) / r.bare.rps).toFixed(1)}%`,
      `${r.gateway.cpuPerRequestMicros.toFixed(1)} | ${r.bare.cpuPerRequestMicros.toFixed(1)} | ${(r.gateway.cpuPerRequestMicros / r.bare.cpuPerRequestMicros).toFixed(2)}× |`,
    ].join(' | '),
  ),
  '',
];
const mean = (label: string, pick: (r: Round) => number): number => {
  const picked = results.filter((r) => r.label === label).map(pick);
  return picked.reduce((sum, value) => sum + value, 0) / picked.length;
};
const share = (r: Round) => r.gateway.rps / r.bare.rps;
const cpu = (r: Round) => r.gateway.cpuPerRequestMicros / r.bare.cpuPerRequestMicros;
lines.push(
  `**Means: gateway / bare req/s ${(100 * mean('before', share)).toFixed(1)}% before, ${(100 * mean('after', share)).toFixed(1)}% after;` +
    ` server CPU per request, gateway / bare, ${mean('before', cpu).toFixed(2)}× before, ${mean('after', cpu).toFixed(2)}× after.**`,
  '',
);
process.stdout.write(lines.join('\n'));
