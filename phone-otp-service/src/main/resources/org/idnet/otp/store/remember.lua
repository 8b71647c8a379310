-- Stores the first answer under a claimed Idempotency-Key and keeps it for the whole window; only
-- the claim's own creation may (a claim that expired and was taken again belongs to another).
-- KEYS[1] the key's hash; ARGV[1] claim token, ARGV[2] window (ms), ARGV[3..] field, value, ...
if redis.call('HGET', KEYS[1], 'tok') ~= ARGV[1] then
  return {0}
end
redis.call('HSET', KEYS[1], 'st', 'done', unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {1}
