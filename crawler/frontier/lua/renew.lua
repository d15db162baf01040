-- ARGV: P, lease_ms, lease ids... -> extends leases still held (XX: never revives one)
local expiry = now_ms() + tonumber(ARGV[2])
local n = 0
for i = 3, #ARGV do
  n = n + redis.call('ZADD', P .. ':leases', 'XX', 'CH', expiry, ARGV[i])
end
return n
