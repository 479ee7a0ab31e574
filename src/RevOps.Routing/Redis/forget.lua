-- A rep left the team: drop their standing and load; everyone else keeps theirs.
-- KEYS[1] credit hash, KEYS[2] load hash; ARGV[1] rep id.
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
