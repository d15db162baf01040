"""Lua scripts of the frontier. Each runs atomically inside Redis, so spiders and render
workers on many machines see one consistent queue, seen-set, lease table and site budget.

Keys (``P`` is ``newscrawler:{JOB}``; the braces make every key of a job hash to one
Redis Cluster slot):

- ``P:q:SITE`` zset: queued request blobs of one site, scored by priority then age.
- ``P:sites`` zset: sites with queued requests, scored by when the site may next be
  fetched (ms); ``BLOCKED`` while the site is at its concurrency cap.
- ``P:site:SITE`` hash: ``inflight``, ``next`` (ms), ``interval`` (ms), ``conc``.
- ``P:leases`` zset: lease id -> expiry (ms); ``P:leased`` hash: lease id ->
  ``SITE \\n SCORE \\n BLOB``.
- ``P:seen:N`` sets (exact) or ``P:bloom`` bitmap: fingerprints already queued.
- ``P:counts`` hash: queued, pushed, duplicates, taken, acked, requeued, dropped.
- ``P:attempts`` hash: blob -> times its lease expired; ``P:dropped`` list: blobs given
  up after ``max_attempts`` expiries.
- ``P:meta`` hash: the job's settings and ``finished_at``.

Time comes from the Redis server (``TIME``), so clocks of the machines do not matter.
"""

from __future__ import annotations

# Far beyond any real time in ms: the score of a site waiting for a free slot.
BLOCKED = 9e15

_PRELUDE = """
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
  local a = string.find(entry, '\\n', 1, true)
  local b = string.find(entry, '\\n', a + 1, true)
  return string.sub(entry, 1, a - 1), string.sub(entry, a + 1, b - 1), string.sub(entry, b + 1)
end
"""

# ARGV: P, mode (exact|bloom), then groups of 7: dont_filter, seen-set shard, member,
# bloom bit offsets (comma-separated), site, score, blob -> how many were new.
PUSH = _PRELUDE + """
local mode = ARGV[2]
local now = now_ms()
local added, dups = 0, 0
for i = 3, #ARGV, 7 do
  local fresh = false
  if mode == 'exact' then
    local shard = P .. ':seen:' .. ARGV[i + 1]
    fresh = redis.call('SADD', shard, ARGV[i + 2]) == 1
    if fresh then redis.call('EXPIRE', shard, TTL) end
  else
    for bit in string.gmatch(ARGV[i + 3], '%d+') do
      if redis.call('SETBIT', P .. ':bloom', bit, 1) == 0 then fresh = true end
    end
  end
  -- dont_filter: queued even if seen, and marked seen so later links to it are not.
  if fresh or ARGV[i] == '1' then
    local site = ARGV[i + 4]
    -- 0 when the very same request is queued already (dont_filter twice): counted once.
    added = added + redis.call('ZADD', P .. ':q:' .. site, ARGV[i + 5], ARGV[i + 6])
    if not redis.call('ZSCORE', P .. ':sites', site) then
      schedule_site(site, now)
      redis.call('EXPIRE', P .. ':q:' .. site, TTL)
      redis.call('EXPIRE', P .. ':site:' .. site, TTL)
    end
  else
    dups = dups + 1
  end
end
redis.call('HINCRBY', P .. ':counts', 'queued', added)
redis.call('HINCRBY', P .. ':counts', 'pushed', added)
redis.call('HINCRBY', P .. ':counts', 'duplicates', dups)
return added
"""

# ARGV: P, lease_ms -> {1, lease id, blob} or {0, ms until a site is ready (-1: none)}
TAKE = _PRELUDE + """
local now = now_ms()
local ready = redis.call('ZRANGEBYSCORE', P .. ':sites', '-inf', now, 'LIMIT', 0, 1)
if #ready == 0 then
  local first = redis.call('ZRANGE', P .. ':sites', 0, 0, 'WITHSCORES')
  if #first == 0 then return {0, -1} end
  return {0, math.floor(tonumber(first[2]) - now)}
end
local site = ready[1]
local popped = redis.call('ZPOPMIN', P .. ':q:' .. site)
if #popped == 0 then
  redis.call('ZREM', P .. ':sites', site)
  return {0, 0}
end
occupy(site, now)
schedule_site(site, now)
local id = redis.call('INCR', P .. ':lease_seq')
redis.call('ZADD', P .. ':leases', now + tonumber(ARGV[2]), id)
redis.call('HSET', P .. ':leased', id, site .. '\\n' .. popped[2] .. '\\n' .. popped[1])
redis.call('HINCRBY', P .. ':counts', 'queued', -1)
redis.call('HINCRBY', P .. ':counts', 'taken', 1)
return {1, id, popped[1]}
"""

# ARGV: P, lease ids... -> how many were still held (an expired one was requeued already)
ACK = _PRELUDE + """
local now = now_ms()
local n = 0
for i = 2, #ARGV do
  local entry = redis.call('HGET', P .. ':leased', ARGV[i])
  if entry then
    end_lease(ARGV[i], split_lease(entry), now)
    n = n + 1
  end
end
redis.call('HINCRBY', P .. ':counts', 'acked', n)
return n
"""

# ARGV: P, lease_ms, lease ids... -> extends leases still held (XX: never revives one)
RENEW = _PRELUDE + """
local expiry = now_ms() + tonumber(ARGV[2])
local n = 0
for i = 3, #ARGV do
  n = n + redis.call('ZADD', P .. ':leases', 'XX', 'CH', expiry, ARGV[i])
end
return n
"""

# ARGV: P, max_attempts, lease ids (empty: every expired lease) -> {requeued, dropped}
# Given ids are handed back at once (a spider closing cleanly) and not held against the
# request; expired leases count an attempt, and a request that exhausts them is dropped.
REQUEUE = _PRELUDE + """
local now = now_ms()
local ids = {}
local expired = #ARGV < 3
if expired then
  ids = redis.call('ZRANGEBYSCORE', P .. ':leases', '-inf', now, 'LIMIT', 0, 500)
else
  for i = 3, #ARGV do ids[#ids + 1] = ARGV[i] end
end
local back, dropped = 0, 0
for _, id in ipairs(ids) do
  local entry = redis.call('HGET', P .. ':leased', id)
  redis.call('ZREM', P .. ':leases', id)
  if entry then
    local site, score, blob = split_lease(entry)
    local tries = 0
    if expired then tries = redis.call('HINCRBY', P .. ':attempts', blob, 1) end
    if tries >= tonumber(ARGV[2]) then
      redis.call('RPUSH', P .. ':dropped', blob)
      dropped = dropped + 1
    else
      redis.call('ZADD', P .. ':q:' .. site, score, blob)
      redis.call('HINCRBY', P .. ':counts', 'queued', 1)
      back = back + 1
    end
    end_lease(id, site, now)
  end
end
redis.call('HINCRBY', P .. ':counts', 'requeued', back)
redis.call('HINCRBY', P .. ':counts', 'dropped', dropped)
return {back, dropped}
"""

# ARGV: P, site -> 0 when a fetch of SITE may start now (slot taken), else ms to wait.
ACQUIRE = _PRELUDE + """
local site = ARGV[2]
local now = now_ms()
local st = P .. ':site:' .. site
local nxt = tonumber(redis.call('HGET', st, 'next') or '0')
local inflight = tonumber(redis.call('HGET', st, 'inflight') or '0')
if inflight >= site_num(site, 'conc', 'site_concurrency', 4) then
  return math.max(nxt - now, 50)
end
if nxt > now then return nxt - now end
occupy(site, now)
if redis.call('ZSCORE', P .. ':sites', site) then schedule_site(site, now) end
return 0
"""

# ARGV: P, lease id -> the lease's download is over: free its site slot now, not at ack.
FETCHED = _PRELUDE + """
local entry = redis.call('HGET', P .. ':leased', ARGV[2])
if entry and redis.call('HSETNX', P .. ':fetched', ARGV[2], 1) == 1 then
  release(split_lease(entry), now_ms())
  return 1
end
return 0
"""

# ARGV: P, site -> 0 after pushing the site's next allowed time on, else ms to wait.
# For a request whose fetch was held up after it was taken (waiting for robots.txt).
PACE = _PRELUDE + """
local st = P .. ':site:' .. ARGV[2]
local now = now_ms()
local nxt = tonumber(redis.call('HGET', st, 'next') or '0')
if nxt > now then return nxt - now end
redis.call('HSET', st, 'next', now + site_num(ARGV[2], 'interval', 'site_interval_ms', 250))
return 0
"""

# ARGV: P, site
RELEASE = _PRELUDE + """
release(ARGV[2], now_ms())
return 1
"""

# ARGV: P, render pending key -> 1 if this call marked the job finished, 0 if it was
# already, -1 while requests are queued, leased or rendering.
FINISH = _PRELUDE + """
if tonumber(redis.call('HGET', P .. ':counts', 'queued') or '0') > 0
   or redis.call('ZCARD', P .. ':leases') > 0
   or redis.call('SCARD', ARGV[2]) > 0 then
  return -1
end
return redis.call('HSETNX', P .. ':meta', 'finished_at', now_ms())
"""
