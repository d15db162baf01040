-- ARGV: P, mode (exact|bloom), then groups of 3: seen-set shard, member, bloom bit
-- offsets (comma-separated) -> how many were not seen before. Marks them seen, queues
-- nothing.
local mode = ARGV[2]
local marked = 0
for i = 3, #ARGV, 3 do
  local fresh = false
  if mode == 'exact' then
    local shard = P .. ':seen:' .. ARGV[i]
    fresh = redis.call('SADD', shard, ARGV[i + 1]) == 1
    if fresh then redis.call('EXPIRE', shard, TTL) end
  else
    for bit in string.gmatch(ARGV[i + 2], '%d+') do
      if redis.call('SETBIT', P .. ':bloom', bit, 1) == 0 then fresh = true end
    end
  end
  if fresh then marked = marked + 1 end
end
return marked
