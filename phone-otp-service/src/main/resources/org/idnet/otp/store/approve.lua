-- The identity service recorded the binding: the phone is proved, so the verification is APPROVED
-- whatever happened to the lease meanwhile (a binding must never sit beside an open verification).
-- KEYS[1] verification hash
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0}
end
redis.call('HSET', KEYS[1], 'st', 'APPROVED')
redis.call('HDEL', KEYS[1], 'ch', 'lt', 'lease')
return {1}
