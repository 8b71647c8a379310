-- Check-and-consume of one code, atomically: of parallel checks with the right code exactly one
-- sees 'matched'. The right code moves PENDING to BINDING under a lease (the code is consumed);
-- a wrong one costs an attempt and counts against the phone's failed checks, both in all and for
-- the verification's platform (whose share is smaller, so no platform alone locks a number out).
-- KEYS[1] verification hash, KEYS[2] failed-check counter of the phone, KEYS[3] that of the
-- phone for the verification's platform
-- ARGV[1] candidate code hash, ARGV[2] now (ms), ARGV[3] max failed checks per phone,
-- ARGV[4] failed-check window (ms), ARGV[5] lease end (ms), ARGV[6] lease token,
-- ARGV[7] max failed checks per phone for one platform
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'not-found'}
end
local f = redis.call('HMGET', KEYS[1], 'st', 'exp', 'lease', 'att', 'ch')
local st, exp, lease, att, ch = f[1], tonumber(f[2]), tonumber(f[3] or '0'), tonumber(f[4]), f[5]
local now = tonumber(ARGV[2])
if st == 'BINDING' then
  if now < lease then
    return {'in-progress'}
  end
  -- The checker holding the lease never finished: the code counts again.
  st = 'PENDING'
end
if st ~= 'PENDING' or now >= exp or att <= 0 or not ch then
  return {'closed'}
end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[7]) then
  return {'too-many', redis.call('PTTL', KEYS[3])}
end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[3]) then
  return {'too-many', redis.call('PTTL', KEYS[2])}
end
if ch == ARGV[1] then
  redis.call('HSET', KEYS[1], 'st', 'BINDING', 'lease', ARGV[5], 'lt', ARGV[6])
  return {'matched'}
end
att = att - 1
for i = 2, 3 do
  redis.call('INCR', KEYS[i])
  if redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[4])
  end
end
if att <= 0 then
  redis.call('HSET', KEYS[1], 'att', 0, 'st', 'FAILED')
  redis.call('HDEL', KEYS[1], 'ch', 'lt', 'lease')
  return {'wrong', 0}
end
redis.call('HSET', KEYS[1], 'att', att, 'st', 'PENDING')
redis.call('HDEL', KEYS[1], 'lt', 'lease')
return {'wrong', att}
