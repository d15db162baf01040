-- ARGV: P, render pending key -> 1 if this call marked the job finished, 0 if it was
-- already, -1 while requests are queued, leased or rendering.
if tonumber(redis.call('HGET', P .. ':counts', 'queued') or '0') > 0
   or redis.call('ZCARD', P .. ':leases') > 0
   or redis.call('SCARD', ARGV[2]) > 0 then
  return -1
end
return redis.call('HSETNX', P .. ':meta', 'finished_at', now_ms())
