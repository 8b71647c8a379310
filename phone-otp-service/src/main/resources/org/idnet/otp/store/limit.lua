-- Fixed-window limits on new verifications, checked together and counted together: a refused
-- request takes nothing, a granted one takes one from each counter.
-- KEYS[1..n] counters; ARGV[2i-1] limit and ARGV[2i] window (ms) of KEYS[i]
-- Returns {'ok'} or {index of the exhausted counter, its remaining ms}.
for i = 1, #KEYS do
  local used = tonumber(redis.call('GET', KEYS[i]) or '0')
  if used >= tonumber(ARGV[2 * i - 1]) then
    return {tostring(i), redis.call('PTTL', KEYS[i])}
  end
end
for i = 1, #KEYS do
  redis.call('INCR', KEYS[i])
  if redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('PEXPIRE', KEYS[i], ARGV[2 * i])
  end
end
return {'ok'}
