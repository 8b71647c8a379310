-- Idempotency-Keys belong to the officer who sent them, not to the whole agency: a colleague
-- who happens to use the same key (a case number, say) files a request of their own instead of
-- receiving someone else's request back (which they could not even cancel) or a 422.
-- Not a rolling change: replicas of the version before this one fail keyed creates against the new
-- key, so upgrade all disclosure-service replicas together.
ALTER TABLE idempotency_keys ADD COLUMN requested_by text;

UPDATE idempotency_keys k SET requested_by = r.requested_by
  FROM disclosure_requests r WHERE r.id = k.request_id;

ALTER TABLE idempotency_keys ALTER COLUMN requested_by SET NOT NULL;

ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;

-- One claim per officer and key: concurrent repeats wait on this and then see the first answer.
ALTER TABLE idempotency_keys ADD PRIMARY KEY (agency_id, requested_by, idempotency_key);
