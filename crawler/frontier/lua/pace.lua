-- ARGV: P, site -> 0 after pushing the site's next allowed time on, else ms to wait.
-- For a request whose fetch was held up after it was taken (waiting for robots.txt).
local st = P .. ':site:' .. ARGV[2]
local now = now_ms()
local nxt = tonumber(redis.call('HGET', st, 'next') or '0')
if nxt > now then return nxt - now end
redis.call('HSET', st, 'next', now + site_num(ARGV[2], 'interval', 'site_interval_ms', 250))
return 0
