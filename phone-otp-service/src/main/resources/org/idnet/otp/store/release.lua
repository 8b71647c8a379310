-- The identity service failed: give the consumed code back (same code, same attempts), but only
-- if this checker still holds the lease.
-- KEYS[1] verification hash; ARGV[1] lease token
local f = redis.call('HMGET', KEYS[1], 'st', 'lt')
if f[1] == 'BINDING' and f[2] == ARGV[1] then
  redis.call('HSET', KEYS[1], 'st', 'PENDING')
  redis.call('HDEL', KEYS[1], 'lt', 'lease')
  return {1}
end
return {0}
