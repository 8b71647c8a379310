-- Frees an Idempotency-Key whose creation failed, if the claim is still this creation's.
-- KEYS[1] the key's hash; ARGV[1] claim token
if redis.call('HGET', KEYS[1], 'tok') == ARGV[1] and redis.call('HGET', KEYS[1], 'st') == 'pending' then
  redis.call('DEL', KEYS[1])
  return {1}
end
return {0}
