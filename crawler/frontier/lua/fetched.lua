-- ARGV: P, lease id -> the lease's download is over: free its site slot now, not at ack.
local entry = redis.call('HGET', P .. ':leased', ARGV[2])
if entry and redis.call('HSETNX', P .. ':fetched', ARGV[2], 1) == 1 then
  release(split_lease(entry), now_ms())
  return 1
end
return 0
