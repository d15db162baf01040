-- ARGV: P, site -> 0 when a fetch of SITE may start now (slot taken), else ms to wait.
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
