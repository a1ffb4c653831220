/** REDIS_URL: one server, Sentinel or Cluster, parsed and validated with problems in words. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { configProblems } from '../helpers/config-problems.js';

const problemsOf = (url: string): string[] => configProblems({ REDIS_URL: url });

describe('REDIS_URL', () => {
  it('takes a single server as redis:// or rediss://', () => {
    expect(loadConfig({ REDIS_URL: 'redis://:pw@127.0.0.1:6379/2' }).redis).toEqual({ mode: 'standalone', url: 'redis://:pw@127.0.0.1:6379/2' });
    expect(loadConfig({ REDIS_URL: 'rediss://cache.internal:6380' }).redis?.mode).toBe('standalone');
  });

  it('takes Sentinels with the master name as path, credentials and options', () => {
    const { redis } = loadConfig({
      REDIS_URL: 'redis-sentinel://app:s%3Acret@10.0.0.1:26379,10.0.0.2:26379,[::1]:26380/mymaster?db=3&sentinelPassword=sp&waitReplicas=2&waitTimeoutMs=250',
    });
    expect(redis).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      masterName: 'mymaster',
      db: 3,
      username: 'app',
      password: 's:cret',
      sentinelPassword: 'sp',
      waitReplicas: 2,
      waitTimeoutMs: 250,
      tls: false,
    });
    expect(loadConfig({ REDIS_URL: 'rediss-sentinel://h:26379/m' }).redis).toMatchObject({ tls: true, db: 0, waitReplicas: 1, waitTimeoutMs: 1000 });
  });

  it('takes Cluster seed nodes', () => {
    expect(loadConfig({ REDIS_URL: 'redis-cluster://:pw@a:7000,b:7001' }).redis).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
      ],
      username: undefined,
      password: 'pw',
      tls: false,
    });
  });

  it('names what is wrong', () => {
    expect(problemsOf('redis-sentinel://h:26379')).toEqual([
      'REDIS_URL: redis-sentinel:// needs the master name as its path: redis-sentinel://host:port,host:port/mymaster',
    ]);
    expect(problemsOf('redis-sentinel://h:26379,nohost/m')).toEqual(['REDIS_URL: "nohost" is not host:port']);
    expect(problemsOf('redis-sentinel://h:26379/m?db=99&retries=3')).toEqual([
      'REDIS_URL: unknown parameter "retries" (known: db, sentinelPassword, waitReplicas, waitTimeoutMs)',
      'REDIS_URL: db must be an integer from 0 to 15, got "99"',
    ]);
    expect(problemsOf('redis-cluster://a:7000/0')).toEqual(['REDIS_URL: redis-cluster:// takes no path (a Cluster has no databases), got "/0"']);
    expect(problemsOf('redis-cluster://a:99999')).toEqual(['REDIS_URL: "a:99999" is not host:port']);
    expect(problemsOf('memcached://a:1')[0]).toMatch(/^REDIS_URL: must be redis:\/\/host:port\[\/db\], redis-sentinel:\/\/.*or redis-cluster:\/\//);
  });
});
