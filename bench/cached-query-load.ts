/**
 * One load of the cached ohlcv(limit: 500) query (autocannon), with the serving process's CPU per
 * answered request beside req/s: on two cores the gateway and the bare server both meet the load
 * generator's ceiling, so CPU per request is the figure that still tells two servers apart.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { benchQueryBody, benchReadKey } from './ohlcv-query.js';

export const cachedQueryConnections = 50;
export const cachedQuerySeconds = Number(process.env['BENCH_SECONDS'] ?? 8);
const clockTicksPerSecond = 100;

export interface CachedQueryLoad {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU (user + system) of the serving process per answered request, µs; NaN where /proc is missing. */
  cpuPerRequestMicros: number;
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // utime and stime are fields 14 and 15; the command name before them may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** Loads `${url}/graphql` with the cached query; `serverPid` is the process serving it. */
export async function loadCachedQuery(url: string, serverPid: number | undefined): Promise<CachedQueryLoad> {
  const cpuBefore = processCpuMs(serverPid);
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections: cachedQueryConnections,
    duration: cachedQuerySeconds,
    headers: { 'content-type': 'application/json', 'x-api-key': benchReadKey },
    body: benchQueryBody,
  });
  const cpuMs = processCpuMs(serverPid) - cpuBefore;
  const rps = result.requests.average;
  return {
    rps,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuPerRequestMicros: (cpuMs * 1000) / (rps * cachedQuerySeconds),
  };
}
