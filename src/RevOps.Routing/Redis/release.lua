-- A rep's open lead was accepted, rejected or reassigned: free the slot, never below zero.
-- KEYS[1] ready marker, KEYS[2] load hash; ARGV[1] rep id.
-- Returns the new open count, or -1 when the state awaits a rebuild (which counts from PostgreSQL anyway).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local open = redis.call('HINCRBY', KEYS[2], ARGV[1], -1)
if open < 0 then
  redis.call('HSET', KEYS[2], ARGV[1], 0)
  open = 0
end
return open
