-- ARGV: P, mode (exact|bloom), then groups of 3: seen-set shard, member, bloom bit
-- offsets (comma-separated) -> how many were not seen before. Marks them seen, queues
-- nothing.
local mode = ARGV[2]
local marked = 0
for i = 3, #ARGV, 3 do
  local fresh = mark_seen(mode, ARGV[i], ARGV[i + 1], ARGV[i + 2])
  if fresh then marked = marked + 1 end
end
return marked
