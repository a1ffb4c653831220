/**
 * REDIS_URL, parsed: one server (`redis://`, `rediss://`), a Sentinel-watched master
 * (`redis-sentinel://[user:password@]host:port,host:port/<master name>[?db=0&sentinelPassword=…&waitReplicas=1&waitTimeoutMs=1000]`)
 * or a Cluster (`redis-cluster://[user:password@]host:port,host:port`); `rediss-sentinel://` and
 * `rediss-cluster://` talk TLS to the data nodes. Each problem is named in words.
 */
import { z } from 'zod';
import type { RedisNode, RedisTarget } from '../store/redis-target.js';

const multiHost = /^(rediss?)-(sentinel|cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/;

const sentinelParams = new Set(['db', 'sentinelPassword', 'waitReplicas', 'waitTimeoutMs']);

function parseNodes(list: string, problems: string[]): RedisNode[] {
  return list.split(',').flatMap((entry) => {
    const match = /^(\[[0-9a-fA-F:]+\]|[^:[\]]+):(\d{1,5})$/.exec(entry.trim());
    const port = Number(match?.[2]);
    if (!match?.[1] || !(port > 0 && port < 65536)) {
      problems.push(`"${entry}" is not host:port`);
      return [];
    }
    return [{ host: match[1].replace(/^\[|\]$/g, ''), port }];
  });
}

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

/** Parses one REDIS_URL; `problems` collects what is wrong (the result is then meaningless). */
export function parseRedisUrl(raw: string, problems: string[]): RedisTarget {
  if (/^rediss?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      problems.push('is not a valid redis:// URL');
    }
    return { mode: 'standalone', url: raw };
  }
  const match = multiHost.exec(raw);
  if (!match) {
    problems.push('must be redis://host:port[/db], redis-sentinel://host:port,host:port/<master name> or redis-cluster://host:port,host:port');
    return { mode: 'standalone', url: raw };
  }
  const [, scheme, mode, credentials, hostList = '', path = '', query = ''] = match;
  const [username, password] = credentials === undefined ? [] : credentials.split(':').map(decodeURIComponent);
  const auth = { username: username || undefined, password: password || undefined, tls: scheme === 'rediss' };
  const nodes = parseNodes(hostList, problems);
  const params = new URLSearchParams(query);
  if (mode === 'cluster') {
    if (path !== '') problems.push(`redis-cluster:// takes no path (a Cluster has no databases), got "/${path}"`);
    for (const name of params.keys()) problems.push(`unknown parameter "${name}" for redis-cluster://`);
    return { mode: 'cluster', nodes, ...auth };
  }
  const masterName = decodeURIComponent(path);
  if (masterName === '') problems.push('redis-sentinel:// needs the master name as its path: redis-sentinel://host:port,host:port/mymaster');
  for (const name of params.keys()) {
    if (!sentinelParams.has(name)) problems.push(`unknown parameter "${name}" (known: ${[...sentinelParams].join(', ')})`);
  }
  return {
    mode: 'sentinel',
    sentinels: nodes,
    masterName,
    db: integerParam(params, 'db', 0, 0, 15, problems),
    sentinelPassword: params.get('sentinelPassword') ?? undefined,
    waitReplicas: integerParam(params, 'waitReplicas', 1, 0, 16, problems),
    waitTimeoutMs: integerParam(params, 'waitTimeoutMs', 1000, 1, 60_000, problems),
    ...auth,
  };
}

/** REDIS_URL as a zod schema: the parsed target, or an issue per problem. */
export const redisUrlSchema = z.string().transform((raw, ctx): RedisTarget => {
  const problems: string[] = [];
  const target = parseRedisUrl(raw, problems);
  for (const message of problems) ctx.addIssue({ code: 'custom', message });
  return target;
});
