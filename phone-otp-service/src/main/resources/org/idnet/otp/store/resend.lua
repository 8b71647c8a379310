-- Reserves a resend atomically: state, send count, cool-down and prefix cap are checked, then the
-- new code hash replaces the old one and the send is counted. Attempts are not reset.
-- KEYS[1] verification hash, KEYS[2] prefix counter, KEYS[3] the prefix's counter for the
-- verification's platform
-- ARGV[1] new code hash, ARGV[2] now (ms), ARGV[3] next resend (ms), ARGV[4] new expiry (ms),
-- ARGV[5] max sends, ARGV[6] prefix limit, ARGV[7] prefix window (ms), ARGV[8] key TTL (ms),
-- ARGV[9] prefix limit for one platform
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {'not-found'}
end
local f = redis.call('HMGET', KEYS[1], 'st', 'exp', 'lease', 'snd', 'rsa', 'ch', 'att')
local st, exp, lease, snd, rsa = f[1], tonumber(f[2]), tonumber(f[3] or '0'), tonumber(f[4]), tonumber(f[5])
local now = tonumber(ARGV[2])
if st == 'BINDING' and now < lease then
  return {'in-progress'}
end
if (st ~= 'PENDING' and st ~= 'BINDING') or now >= exp then
  return {'closed'}
end
if snd >= tonumber(ARGV[5]) then
  return {'send-limit'}
end
if now < rsa then
  return {'too-soon', rsa - now}
end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[9]) then
  return {'prefix', redis.call('PTTL', KEYS[3])}
end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[6]) then
  return {'prefix', redis.call('PTTL', KEYS[2])}
end
for i = 2, 3 do
  redis.call('INCR', KEYS[i])
  if redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[7])
  end
end
redis.call('HSET', KEYS[1], 'st', 'PENDING', 'ch', ARGV[1], 'snd', snd + 1, 'rsa', ARGV[3], 'exp', ARGV[4])
redis.call('HDEL', KEYS[1], 'lt', 'lease')
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return {'ok', f[6] or '', tostring(snd), tostring(rsa), tostring(exp), f[7] or '0'}
