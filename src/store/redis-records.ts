/**
 * Record collections on Redis (store.ts, RecordCollections). A collection is five keys under one
 * hash tag, so each script touches a single Redis Cluster slot: a hash of the records, a sorted set
 * of ids scored by the revision of their last change, the revision counter, a sorted set of the
 * deleted ids (tombstones) by revision, and the revision through which deletions were forgotten. A
 * write or delete bumps the counter and re-scores the id in one script; "what changed after r" is
 * one ZRANGEBYSCORE, empty (and cheap) when nothing changed, however many records there are. A
 * delete past `tombstonesKept` forgets the oldest tombstone in the same script (one, at steady state).
 */
import type { Result } from 'ioredis';
import type { RedisClient } from './redis-connection.js';
import type { RecordChange, RecordCollections, RecordCondition } from './store.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** KEYS: records, changes, revision, tombstones. ARGV: id, value, mode ('any' | 'absent' | 'equals'), expected. */
    storeWriteRecord(records: string, changes: string, revision: string, tombstones: string, id: string, value: string, mode: string, expected: string): Result<number, Context>;
    /** KEYS: records, changes, revision, tombstones, forgotten. ARGV: id, mode ('any' | 'equals'), expected, tombstonesKept. */
    storeDeleteRecord(
      records: string,
      changes: string,
      revision: string,
      tombstones: string,
      forgotten: string,
      id: string,
      mode: string,
      expected: string,
      tombstonesKept: number,
    ): Result<number, Context>;
    /** KEYS: records, changes. ARGV: afterRevision, limit. Flat reply: id, revision, value|nil, ... */
    storeChangedRecords(records: string, changes: string, afterRevision: number, limit: number): Result<(string | null)[], Context>;
  }
}

/** The scripts, registered on each connection with defineCommand (redis-store.ts). */
export const recordScripts = {
  storeWriteRecord: {
    numberOfKeys: 4,
    lua: `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[3] == 'absent' and current then return -1 end
if ARGV[3] == 'equals' and current ~= ARGV[4] then return -1 end
local revision = redis.call('INCR', KEYS[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], revision, ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return revision`,
  },
  storeDeleteRecord: {
    numberOfKeys: 5,
    lua: `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if not current then return -1 end
if ARGV[2] == 'equals' and current ~= ARGV[3] then return -1 end
local revision = redis.call('INCR', KEYS[3])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], revision, ARGV[1])
redis.call('ZADD', KEYS[4], revision, ARGV[1])
local excess = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[4])
if excess > 0 then
  -- Oldest first, so the last one popped is the newest deletion forgotten.
  local oldest = redis.call('ZPOPMIN', KEYS[4], excess)
  for i = 1, #oldest, 2 do redis.call('ZREM', KEYS[2], oldest[i]) end
  redis.call('SET', KEYS[5], oldest[#oldest])
end
return revision`,
  },
  storeChangedRecords: {
    numberOfKeys: 2,
    lua: `
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '(' .. ARGV[1], '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local reply = {}
for i = 1, #ids, 2 do
  reply[#reply + 1] = ids[i]
  reply[#reply + 1] = ids[i + 1]
  reply[#reply + 1] = redis.call('HGET', KEYS[1], ids[i])
end
return reply`,
  },
} as const;

/** The five keys of a collection, sharing the hash tag `{rec:<collection>}`. */
function keysOf(collection: string): [records: string, changes: string, revision: string, tombstones: string, forgotten: string] {
  const tag = `{rec:${collection}}`;
  return [`${tag}:records`, `${tag}:changes`, `${tag}:revision`, `${tag}:tombstones`, `${tag}:forgotten`];
}

/** `guarded` maps connection failures to StoreError (redis-store.ts). */
export function createRedisRecords(commands: RedisClient, guarded: <T>(call: Promise<T>) => Promise<T>, tombstonesKept: number): RecordCollections {
  const revisionOrNull = (reply: number): number | null => (reply < 0 ? null : reply);
  return {
    readRecord: (collection, id) => guarded(commands.hget(keysOf(collection)[0], id)),

    readRecords: async (collection, ids) => (ids.length === 0 ? [] : guarded(commands.hmget(keysOf(collection)[0], ...ids))),

    async writeRecord(collection, id, value, condition?: RecordCondition) {
      const mode = condition === undefined ? 'any' : 'ifAbsent' in condition ? 'absent' : 'equals';
      const expected = condition !== undefined && 'ifValue' in condition ? condition.ifValue : '';
      const [records, changes, revision, tombstones] = keysOf(collection);
      return revisionOrNull(await guarded(commands.storeWriteRecord(records, changes, revision, tombstones, id, value, mode, expected)));
    },

    async deleteRecord(collection, id, condition) {
      const mode = condition === undefined ? 'any' : 'equals';
      return revisionOrNull(await guarded(commands.storeDeleteRecord(...keysOf(collection), id, mode, condition?.ifValue ?? '', tombstonesKept)));
    },

    async changedRecords(collection, afterRevision, limit) {
      const [records, changes] = keysOf(collection);
      const flat = await guarded(commands.storeChangedRecords(records, changes, afterRevision, limit));
      const result: RecordChange[] = [];
      for (let i = 0; i < flat.length; i += 3) {
        result.push({ id: flat[i] as string, revision: Number(flat[i + 1]), value: flat[i + 2] ?? null });
      }
      return result;
    },

    async deletionsForgottenThrough(collection) {
      return Number((await guarded(commands.get(keysOf(collection)[4]))) ?? 0);
    },
  };
}
