-- Gives back one unit of each counter, for a send that did not happen.
-- KEYS[1..n] counters
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
    redis.call('DECR', KEYS[i])
  end
end
return {1}
