-- Claims an Idempotency-Key for a creation, or says what it was used for, in one step: of two
-- parallel requests with one key exactly one claims it.
-- KEYS[1] the key's hash; ARGV[1] body fingerprint, ARGV[2] claim token, ARGV[3] hold (ms): how
-- long a claim lasts if its creation never reports back
local f = redis.call('HMGET', KEYS[1], 'fp', 'st')
if not f[1] then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'tok', ARGV[2], 'st', 'pending')
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'claimed'}
end
if f[1] ~= ARGV[1] then
  return {'reused'}
end
if f[2] ~= 'done' then
  return {'in-use'}
end
local a = redis.call('HMGET', KEYS[1], 'vid', 'acc', 'ph', 'vs', 'exp', 'rsa', 'att')
return {'answered', a[1], a[2], a[3], a[4], a[5], a[6], a[7]}
