-- ARGV: P, lease ids... -> how many were still held (an expired one was requeued already)
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
