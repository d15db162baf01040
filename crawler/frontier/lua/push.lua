-- ARGV: P, mode (exact|bloom), then groups of 7: dont_filter, seen-set shard, member,
-- bloom bit offsets (comma-separated), site, score, blob -> how many were new.
-- A site that has had max_pages_per_site requests queued in the job takes no more
-- (counted as capped; the URL stays marked seen).
local mode = ARGV[2]
local now = now_ms()
local cap = meta_num('max_pages_per_site', 0)
local added, dups, capped = 0, 0, 0
for i = 3, #ARGV, 7 do
  local fresh = mark_seen(mode, ARGV[i + 1], ARGV[i + 2], ARGV[i + 3])
  -- dont_filter: queued even if seen, and marked seen so later links to it are not.
  if fresh or ARGV[i] == '1' then
    local site = ARGV[i + 4]
    local st = P .. ':site:' .. site
    if cap > 0 and tonumber(redis.call('HGET', st, 'total') or '0') >= cap then
      capped = capped + 1
    else
      -- 0 when the very same request is queued already (dont_filter twice): counted once.
      local new = redis.call('ZADD', P .. ':q:' .. site, ARGV[i + 5], ARGV[i + 6])
      added = added + new
      if cap > 0 and new == 1 then redis.call('HINCRBY', st, 'total', 1) end
      if not redis.call('ZSCORE', P .. ':sites', site) then
        schedule_site(site, now)
        redis.call('EXPIRE', P .. ':q:' .. site, TTL)
        redis.call('EXPIRE', st, TTL)
      end
    end
  else
    dups = dups + 1
  end
end
redis.call('HINCRBY', P .. ':counts', 'queued', added)
redis.call('HINCRBY', P .. ':counts', 'pushed', added)
redis.call('HINCRBY', P .. ':counts', 'duplicates', dups)
if capped > 0 then redis.call('HINCRBY', P .. ':counts', 'capped', capped) end
return added
