/**
 * The Redis store's Lua scripts: every multi-step operation runs as one script, so that several
 * gateway instances on one Redis never interleave a read and a write.
 */

/** Sets `now` to the Redis server's clock in ms: windows are timed by one clock whichever instance asks. */
const serverNowMs = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`;

/** The Lua scripts, by command name. Times are ms; windows read the server clock (TIME). */
export const scripts = {
  // KEYS[1]: sorted set of hit times, members unique. ARGV: max, windowMs, this hit's member.
  storeHitWindow: {
    numberOfKeys: 1,
    lua: `
local max, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])${serverNowMs}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - windowMs)
local count = redis.call('ZCARD', KEYS[1])
if count < max then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], windowMs)
  return {1, max - count - 1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]
if not oldest then return {0, 0, windowMs} end
return {0, 0, math.min(windowMs, math.max(1, tonumber(oldest) + windowMs - now))}`,
  },
  // Same key and ARGV as storeHitWindow, without the member; read-only.
  storePeekWindow: {
    numberOfKeys: 1,
    lua: `
local max, windowMs = tonumber(ARGV[1]), tonumber(ARGV[2])${serverNowMs}
return math.max(0, max - redis.call('ZCOUNT', KEYS[1], '(' .. (now - windowMs), '+inf'))`,
  },
  // KEYS[1]: integer counter. ARGV: amount, limit, windowMs. Returns {ok, used, resetInMs}.
  storeReserveBudget: {
    numberOfKeys: 1,
    lua: `
local amount, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
local used, ok = tonumber(redis.call('GET', KEYS[1]) or '0'), 0
if used + amount <= limit then
  used, ok = redis.call('INCRBY', KEYS[1], ARGV[1]), 1
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  ttl = tonumber(ARGV[3])
elseif ttl == -2 then
  ttl = 0
end
return {ok, used, ttl}`,
  },
  // KEYS[1]: integer counter. ARGV: value, windowMs. The window's expiry is kept when it exists.
  storeRaiseBudget: {
    numberOfKeys: 1,
    lua: `
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
elseif tonumber(ARGV[1]) > tonumber(current) then
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
end
return 1`,
  },
  // KEYS[1]: the lock, holding its owner. ARGV: owner, ttlMs.
  storeAcquireLock: {
    numberOfKeys: 1,
    lua: `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`,
  },
  storeReleaseLock: {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`,
  },
  // Commit of transact. KEYS: every key read. ARGV[i] for each key: what was read ('0' absent,
  // '1' .. value present); then pairs (index into KEYS, new value). Writes only if nothing changed.
  storeCommit: {
    lua: `
for i, key in ipairs(KEYS) do
  local current = redis.call('GET', key)
  if current then
    if ARGV[i] ~= '1' .. current then return 0 end
  elseif ARGV[i] ~= '0' then
    return 0
  end
end
for i = #KEYS + 1, #ARGV, 2 do
  redis.call('SET', KEYS[tonumber(ARGV[i])], ARGV[i + 1])
end
return 1`,
  },
} as const;
