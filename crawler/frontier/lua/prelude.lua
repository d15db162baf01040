-- Shared by every script of the frontier: ARGV[1] is the job's key prefix.
local P = ARGV[1]
local BLOCKED = 9e15
local TTL = 604800
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function meta_num(field, default)
  return tonumber(redis.call('HGET', P .. ':meta', field) or default)
end
local function site_num(site, field, default_field, default)
  local v = redis.call('HGET', P .. ':site:' .. site, field)
  if v then return tonumber(v) end
  return meta_num(default_field, default)
end
-- Put SITE back in the ready set at the right time, or take it out.
local function schedule_site(site, now)
  if redis.call('ZCARD', P .. ':q:' .. site) == 0 then
    redis.call('ZREM', P .. ':sites', site)
    return
  end
  local st = P .. ':site:' .. site
  local inflight = tonumber(redis.call('HGET', st, 'inflight') or '0')
  local when = math.max(tonumber(redis.call('HGET', st, 'next') or '0'), now)
  if inflight >= site_num(site, 'conc', 'site_concurrency', 4) then when = BLOCKED end
  redis.call('ZADD', P .. ':sites', when, site)
end
-- One fetch of SITE starts now: take a slot and push its next allowed time.
local function occupy(site, now)
  local st = P .. ':site:' .. site
  redis.call('HINCRBY', st, 'inflight', 1)
  redis.call('HSET', st, 'next', now + site_num(site, 'interval', 'site_interval_ms', 250))
end
local function release(site, now)
  local st = P .. ':site:' .. site
  if tonumber(redis.call('HINCRBY', st, 'inflight', -1)) < 0 then
    redis.call('HSET', st, 'inflight', 0)
  end
  schedule_site(site, now)
end
-- A lease ends: free its site slot unless its download already did (FETCHED).
local function end_lease(id, site, now)
  redis.call('HDEL', P .. ':leased', id)
  redis.call('ZREM', P .. ':leases', id)
  if redis.call('HDEL', P .. ':fetched', id) == 0 then release(site, now) end
end
local function split_lease(entry)
  local a = string.find(entry, '\n', 1, true)
  local b = string.find(entry, '\n', a + 1, true)
  return string.sub(entry, 1, a - 1), string.sub(entry, a + 1, b - 1), string.sub(entry, b + 1)
end
-- Mark one fingerprint seen (exact: a member of a shard; bloom: its bits); true if it
-- was not seen before.
local function mark_seen(mode, shard, member, bits)
  local fresh = false
  if mode == 'exact' then
    local key = P .. ':seen:' .. shard
    fresh = redis.call('SADD', key, member) == 1
    if fresh then redis.call('EXPIRE', key, TTL) end
  else
    for bit in string.gmatch(bits, '%d+') do
      if redis.call('SETBIT', P .. ':bloom', bit, 1) == 0 then fresh = true end
    end
  end
  return fresh
end
