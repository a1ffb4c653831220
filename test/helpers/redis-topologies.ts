/**
 * Real multi-node Redis set-ups for tests, spawned from the `redis-server` on PATH (a Sentinel is
 * `redis-server <conf> --sentinel`, which is all the `redis-sentinel` binary is), on free loopback
 * ports, without persistence:
 * - a Cluster of three masters (slots split by `redis-cli --cluster create`), and
 * - a Sentinel set: a master, one replica and three Sentinels (quorum 2), with short timeouts so
 *   a failover takes a second or two. `killMaster()` SIGKILLs the current master, as a crash.
 * Start one per test file: each takes about a second.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, spawnRedis, waitForExit } from './redis-server.js';

const run = promisify(execFile);

interface Node {
  port: number;
  child: ChildProcess | undefined;
}

async function stopAll(nodes: Node[], dir: string): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      const child = node.child;
      node.child = undefined;
      if (!child) return;
      child.kill('SIGKILL');
      await waitForExit(child);
    }),
  );
  rmSync(dir, { recursive: true, force: true });
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function ask<T>(port: number, call: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return await call(redis);
  } finally {
    redis.disconnect();
  }
}

export interface TestRedisCluster {
  /** REDIS_URL for it: redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3 */
  url: string;
  ports: number[];
  stop(): Promise<void>;
}

export async function startRedisCluster(masters = 3): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-cluster-'));
  const nodes: Node[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      const busPort = await freePort();
      const child = await spawnRedis(port, {
        dir,
        extra: ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-port', String(busPort), '--cluster-node-timeout', '2000'],
      });
      nodes.push({ port, child });
    }
    const addresses = nodes.map((n) => `127.0.0.1:${n.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 20_000 });
    for (const node of nodes) {
      await until(() => ask(node.port, async (r) => String(await r.cluster('INFO')).includes('cluster_state:ok')), `cluster state ok on ${node.port}`);
    }
  } catch (error) {
    await stopAll(nodes, dir);
    throw error;
  }
  return {
    url: `redis-cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(',')}`,
    ports: nodes.map((n) => n.port),
    stop: () => stopAll(nodes, dir),
  };
}

export interface TestRedisSentinel {
  /** REDIS_URL for it: redis-sentinel://127.0.0.1:s1,…/mymaster */
  url: string;
  masterName: string;
  /** The port of the current master, as the Sentinels say. */
  masterPort(): Promise<number>;
  /** SIGKILLs the current master; resolves once the Sentinels have promoted the replica. */
  killMaster(): Promise<{ oldPort: number; newPort: number }>;
  stop(): Promise<void>;
}

export async function startRedisSentinel(): Promise<TestRedisSentinel> {
  const masterName = 'gwmaster';
  const dir = mkdtempSync(join(tmpdir(), 'gw-sentinel-'));
  const data: Node[] = [];
  const sentinels: Node[] = [];
  const all = (): Node[] => [...data, ...sentinels];
  try {
    const masterPort = await freePort();
    data.push({ port: masterPort, child: await spawnRedis(masterPort, { dir, extra: ['--dbfilename', `m-${masterPort}.rdb`] }) });
    const replicaPort = await freePort();
    data.push({
      port: replicaPort,
      child: await spawnRedis(replicaPort, { dir, extra: ['--dbfilename', `r-${replicaPort}.rdb`, '--replicaof', '127.0.0.1', String(masterPort)] }),
    });
    await until(
      () => ask(replicaPort, async (r) => (await r.info('replication')).includes('master_link_status:up')),
      'the replica to sync',
    );
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${port}.conf`);
      writeFileSync(
        conf,
        [
          `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 2`,
          `sentinel down-after-milliseconds ${masterName} 400`,
          `sentinel failover-timeout ${masterName} 2000`,
          `sentinel parallel-syncs ${masterName} 1`,
          '',
        ].join('\n'),
      );
      sentinels.push({ port, child: await spawnRedis(port, { args: [conf, '--sentinel'], dir }) });
    }
    // Each Sentinel knows the replica and the two other Sentinels before the set is used.
    for (const sentinel of sentinels) {
      await until(
        () =>
          ask(sentinel.port, async (r) => {
            const replicas = (await r.call('SENTINEL', 'REPLICAS', masterName)) as unknown[];
            const peers = (await r.call('SENTINEL', 'SENTINELS', masterName)) as unknown[];
            return replicas.length === 1 && peers.length === 2;
          }),
        `sentinel ${sentinel.port} to see the replica and its peers`,
      );
    }
  } catch (error) {
    await stopAll(all(), dir);
    throw error;
  }

  const masterPortNow = (): Promise<number> =>
    ask(sentinels[0]?.port ?? 0, async (r) => Number(((await r.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)) as string[])[1]));

  return {
    url: `redis-sentinel://${sentinels.map((s) => `127.0.0.1:${s.port}`).join(',')}/${masterName}`,
    masterName,
    masterPort: masterPortNow,
    async killMaster() {
      const oldPort = await masterPortNow();
      const master = data.find((n) => n.port === oldPort);
      if (!master?.child) throw new Error(`no running master on ${oldPort}`);
      const child = master.child;
      master.child = undefined;
      child.kill('SIGKILL');
      await waitForExit(child);
      let newPort = oldPort;
      await until(async () => {
        newPort = await masterPortNow();
        if (newPort === oldPort) return false;
        return ask(newPort, async (r) => (await r.info('replication')).includes('role:master'));
      }, 'the Sentinels to promote the replica');
      return { oldPort, newPort };
    },
    stop: () => stopAll(all(), dir),
  };
}
