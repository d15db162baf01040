-- ARGV: P, lease_ms -> {1, lease id, blob} or {0, ms until a site is ready (-1: none)}
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
redis.call('HSET', P .. ':leased', id, site .. '\n' .. popped[2] .. '\n' .. popped[1])
redis.call('HINCRBY', P .. ':counts', 'queued', -1)
redis.call('HINCRBY', P .. ':counts', 'taken', 1)
return {1, id, popped[1]}
