-- Undoes a reserved resend whose SMS failed: the previous code, send count, cool-down and expiry
-- come back and the prefix counters give back their unit. Only if the new code is still in place.
-- KEYS[1] verification hash, KEYS[2..n] the prefix counters the resend took
-- ARGV[1] new code hash, ARGV[2] previous code hash, ARGV[3] previous sends,
-- ARGV[4] previous next resend (ms), ARGV[5] previous expiry (ms), ARGV[6] key TTL (ms)
for i = 2, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
    redis.call('DECR', KEYS[i])
  end
end
if redis.call('HGET', KEYS[1], 'ch') ~= ARGV[1] then
  return {0}
end
redis.call('HSET', KEYS[1], 'ch', ARGV[2], 'snd', ARGV[3], 'rsa', ARGV[4], 'exp', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {1}
