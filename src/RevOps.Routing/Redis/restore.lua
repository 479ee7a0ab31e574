-- Load the team's state rebuilt from PostgreSQL, unless another replica already did (the ready marker exists).
-- KEYS[1] ready marker, KEYS[2] credit hash, KEYS[3] load hash, KEYS[4] sequence counter,
-- KEYS[3 + 2i] / KEYS[4 + 2i]: day / week counter of rep i.
-- ARGV[1] sequence, ARGV[2] rep count, ARGV[3] day-counter ttl (s), ARGV[4] week-counter ttl (s),
-- then per rep: id, credit ('' when the rep has no standing yet), open leads, assigned today, assigned this week.
-- Returns 1 when restored, 0 when the state was already there.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SET', KEYS[4], ARGV[1])
for i = 1, tonumber(ARGV[2]) do
  local base = 5 + (i - 1) * 5
  local id = ARGV[base]
  if ARGV[base + 1] ~= '' then
    redis.call('HSET', KEYS[2], id, ARGV[base + 1])
  end
  redis.call('HSET', KEYS[3], id, ARGV[base + 2])
  redis.call('SET', KEYS[3 + 2 * i], ARGV[base + 3], 'EX', tonumber(ARGV[3]))
  redis.call('SET', KEYS[4 + 2 * i], ARGV[base + 4], 'EX', tonumber(ARGV[4]))
end
redis.call('SET', KEYS[1], '1')
return 1
