-- Hosted verification (issue 16, docs/pages.md section 3): the return URLs platforms register and
-- the verification sessions they create for idnet's own pages. No personal data in plain text: the
-- account ids, the guardian's, the platform's state and the account label are AEAD ciphertexts bound
-- to their row (associated data 'verification_sessions|<column>|<id>'), found by the blind index
-- accounts uses; the launch token, the session secret and the result reference are kept only as
-- SHA-256 of their 32 random bytes.

-- Where a platform's users come back to, compared byte for byte at session creation. A platform's
-- endpoint, not personal data.
CREATE TABLE return_urls (
  id          uuid        PRIMARY KEY,
  platform_id text        NOT NULL CHECK (char_length(platform_id) BETWEEN 1 AND 128),
  url         text        NOT NULL CHECK (char_length(url) BETWEEN 8 AND 512),
  created_at  timestamptz NOT NULL,
  CONSTRAINT return_urls_once UNIQUE (platform_id, url)
);

CREATE TABLE verification_sessions (
  id                      uuid        PRIMARY KEY,
  platform_id             text        NOT NULL CHECK (char_length(platform_id) BETWEEN 1 AND 128),
  -- HMAC-SHA256 (blind-index key, purpose account) of (platform, account), as accounts.account_index.
  account_index           bytea       NOT NULL CHECK (octet_length(account_index) = 32),
  account_id_ciphertext   bytea       NOT NULL,
  guardian_id_ciphertext  bytea,
  level                   text        NOT NULL CHECK (level IN ('PHONE', 'REAL_NAME')),
  locale                  text        NOT NULL CHECK (locale IN ('vi', 'en')),
  -- Copied from the registration: deleting it later does not break the sessions that named it.
  return_url              text        NOT NULL CHECK (char_length(return_url) BETWEEN 8 AND 512),
  state_ciphertext        bytea       NOT NULL,
  account_label_ciphertext bytea,
  idempotency_key         text        CHECK (idempotency_key ~ '^[\x21-\x7E]{1,64}$'),
  -- HMAC-SHA256 (blind-index key) of the creating request: a repeat under the same key is told from
  -- another body without keeping the body.
  request_hash            bytea       NOT NULL CHECK (octet_length(request_hash) = 32),
  -- Set until the session is opened (then NULL: single use).
  launch_hash             bytea       UNIQUE CHECK (octet_length(launch_hash) = 32),
  launch_expires_at       timestamptz NOT NULL,
  secret_hash             bytea       CHECK (octet_length(secret_hash) = 32),
  result_hash             bytea       UNIQUE CHECK (octet_length(result_hash) = 32),
  result_expires_at       timestamptz,
  -- Real-name submissions of the session not confirmed (reserved before the register is asked).
  real_name_submissions   integer     NOT NULL DEFAULT 0 CHECK (real_name_submissions BETWEEN 0 AND 3),
  guardian_required       boolean     NOT NULL DEFAULT false,
  status                  text        NOT NULL CHECK (status IN ('CREATED', 'OPEN', 'FINISHED')),
  outcome                 text        CHECK (outcome IN ('COMPLETED', 'GUARDIAN_REQUIRED', 'ATTEMPTS_EXHAUSTED',
                                                         'CANCELLED', 'EXPIRED')),
  created_at              timestamptz NOT NULL,
  expires_at              timestamptz NOT NULL,
  opened_at               timestamptz,
  finished_at             timestamptz,
  redeemed_at             timestamptz,
  CONSTRAINT verification_sessions_idempotency_key UNIQUE (platform_id, idempotency_key),
  CONSTRAINT verification_sessions_opened CHECK ((status = 'CREATED') = (secret_hash IS NULL)),
  CONSTRAINT verification_sessions_finished CHECK ((status = 'FINISHED') = (outcome IS NOT NULL)
      AND (status = 'FINISHED') = (finished_at IS NOT NULL) AND (status = 'FINISHED') = (result_hash IS NOT NULL))
);

-- The cleanup job: sessions ended (finished or expired) more than a day ago are deleted.
CREATE INDEX verification_sessions_ended ON verification_sessions (expires_at);

-- The application role (V8) gets what it needs on the new tables, no more.
GRANT SELECT, INSERT, DELETE ON return_urls TO ${app_role};
GRANT SELECT, INSERT, UPDATE (launch_hash, secret_hash, result_hash, result_expires_at, real_name_submissions,
  guardian_required, status, outcome, opened_at, finished_at, redeemed_at), DELETE ON verification_sessions TO ${app_role};
