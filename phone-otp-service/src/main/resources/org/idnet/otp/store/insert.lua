-- Stores a new verification and its expiry in one step (never a key without a TTL).
-- KEYS[1] verification hash; ARGV[1] TTL in ms; ARGV[2..] field, value, field, value ...
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0}
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return {1}
