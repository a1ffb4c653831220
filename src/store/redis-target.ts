/**
 * Where the Redis store connects: one server, a Sentinel-watched master (failover), or a Cluster.
 * config/redis-url.ts parses REDIS_URL into one of these; the store only connects.
 */

export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and transport shared by every mode. The password is never logged. */
export interface RedisAuth {
  username?: string | undefined;
  password?: string | undefined;
  /** TLS to the data nodes (rediss-sentinel://, rediss-cluster://). */
  tls: boolean;
}

export type RedisTarget =
  | { mode: 'standalone'; url: string }
  | (RedisAuth & {
      mode: 'sentinel';
      sentinels: RedisNode[];
      /** The master's name as the Sentinels know it. */
      masterName: string;
      db: number;
      /** The Sentinels' own password, when they have one. */
      sentinelPassword?: string | undefined;
      /**
       * Replicas that must have a transaction's write before it is acknowledged (Redis WAIT), so a
       * failover does not lose it. @default 1
       */
      waitReplicas: number;
      /** How long to wait for them, ms. @default 1000 */
      waitTimeoutMs: number;
    })
  | (RedisAuth & { mode: 'cluster'; nodes: RedisNode[] });

/** The target without its password, for logs. */
export function describeRedisTarget(target: RedisTarget): string {
  if (target.mode === 'standalone') {
    try {
      const parsed = new URL(target.url);
      if (parsed.password !== '') parsed.password = '***';
      return parsed.toString();
    } catch {
      return '[unparseable redis url]';
    }
  }
  const nodes = (target.mode === 'sentinel' ? target.sentinels : target.nodes).map((n) => `${n.host}:${n.port}`).join(',');
  return target.mode === 'sentinel' ? `sentinel ${nodes} master ${target.masterName} db ${target.db}` : `cluster ${nodes}`;
}
