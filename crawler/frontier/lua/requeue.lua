-- ARGV: P, max_attempts, lease ids (empty: every expired lease) -> {requeued, dropped}
-- Given ids are handed back at once (a spider closing cleanly) and not held against the
-- request; expired leases count an attempt, and a request that exhausts them is dropped.
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
