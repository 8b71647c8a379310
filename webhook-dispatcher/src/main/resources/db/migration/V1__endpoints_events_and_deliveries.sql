-- webhook-dispatcher's own database: platforms' endpoints, the events read from the services'
-- outboxes, and one delivery per event and endpoint. Nothing in plain that names a person or an
-- account: endpoint secrets and event bodies (which carry the platform's account id) are Tink AEAD
-- ciphertexts whose associated data names table, column and row; one account's deliveries are
-- kept in order by a keyed hash of (platform, account), never by the id itself.

-- A platform's endpoint. Deleting it deletes its deliveries (nothing more is sent to it).
CREATE TABLE endpoints (
  id                         text        PRIMARY KEY CHECK (id ~ '^we_[A-Za-z0-9_-]{22}$'),
  platform_id                text        NOT NULL CHECK (char_length(platform_id) BETWEEN 1 AND 128),
  url                        text        NOT NULL CHECK (char_length(url) BETWEEN 8 AND 2048),
  event_types                text[]      NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 4),
  max_in_flight              integer     NOT NULL CHECK (max_in_flight BETWEEN 1 AND 20),
  timeout_seconds            integer     NOT NULL CHECK (timeout_seconds BETWEEN 1 AND 30),
  -- AEAD of the secret's 32 bytes; associated data 'endpoints|secret_ciphertext|<id>'.
  secret_ciphertext          bytea       NOT NULL,
  -- After a rotation, the secret before it keeps signing until previous_secret_until.
  previous_secret_ciphertext bytea,
  previous_secret_until      timestamptz,
  -- The platform's Idempotency-Key of the create call, and a digest of its body.
  idempotency_key            text        CHECK (char_length(idempotency_key) BETWEEN 1 AND 64),
  request_digest             bytea,
  created_at                 timestamptz NOT NULL,
  disabled_at                timestamptz,
  disabled_reason            text        CHECK (char_length(disabled_reason) <= 300),
  CONSTRAINT endpoints_previous_secret_complete
      CHECK ((previous_secret_ciphertext IS NULL) = (previous_secret_until IS NULL)),
  CONSTRAINT endpoints_disabled_complete CHECK ((disabled_at IS NULL) = (disabled_reason IS NULL)),
  CONSTRAINT endpoints_idempotency_complete CHECK ((idempotency_key IS NULL) = (request_digest IS NULL)),
  CONSTRAINT endpoints_platform_idempotency_key UNIQUE (platform_id, idempotency_key)
);

CREATE INDEX endpoints_platform ON endpoints (platform_id, created_at);

-- An event as a service's outbox handed it over, stored once whatever the number of readers.
CREATE TABLE events (
  id              uuid        PRIMARY KEY,
  -- identity or disclosure, and the event's place in that outbox.
  source          text        NOT NULL CHECK (source IN ('identity', 'disclosure')),
  source_position bigint      NOT NULL,
  platform_id     text        NOT NULL CHECK (char_length(platform_id) BETWEEN 1 AND 128),
  type            text        NOT NULL CHECK (type IN ('account.verification_changed', 'binding.revoked',
                                                       'account.closed', 'notice.available')),
  -- AEAD of the JSON body as delivered; associated data 'events|body_ciphertext|<id>'.
  body_ciphertext bytea       NOT NULL,
  received_at     timestamptz NOT NULL
);

-- One event for one endpoint. Its id orders the deliveries of one account to one endpoint: an
-- outbox's events are stored in the order they were written, one reader of a source at a time.
CREATE TABLE deliveries (
  id              bigserial   PRIMARY KEY,
  event_id        uuid        NOT NULL REFERENCES events (id),
  endpoint_id     text        NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
  -- HMAC of (platform, account) under the account-order key.
  account_key     bytea       NOT NULL CHECK (octet_length(account_key) = 16),
  state           text        NOT NULL CHECK (state IN ('pending', 'delivered', 'given-up')),
  attempts        integer     NOT NULL CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  -- Set while a dispatcher sends it; a dispatcher that died leaves it to expire.
  lease_until     timestamptz,
  last_status     integer,
  last_error      text        CHECK (char_length(last_error) <= 300),
  finished_at     timestamptz,
  CONSTRAINT deliveries_once UNIQUE (event_id, endpoint_id),
  CONSTRAINT deliveries_finished CHECK ((state = 'pending') = (finished_at IS NULL))
);

-- Due deliveries, and the one before in the same account's order.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX deliveries_account_order ON deliveries (endpoint_id, account_key, id) WHERE state = 'pending';
CREATE INDEX deliveries_in_flight ON deliveries (endpoint_id) WHERE state = 'pending' AND lease_until IS NOT NULL;
CREATE INDEX deliveries_finished_at ON deliveries (finished_at) WHERE state <> 'pending';
CREATE INDEX deliveries_event ON deliveries (event_id);

-- The service runs as ${app_role}, which owns nothing and holds only what the code needs.
GRANT SELECT, INSERT, DELETE,
    UPDATE (secret_ciphertext, previous_secret_ciphertext, previous_secret_until, disabled_at, disabled_reason)
    ON endpoints TO ${app_role};
-- Events are written once; purged when no delivery refers to them any more.
GRANT SELECT, INSERT, DELETE ON events TO ${app_role};
GRANT SELECT, INSERT, DELETE,
    UPDATE (state, attempts, next_attempt_at, lease_until, last_status, last_error, finished_at)
    ON deliveries TO ${app_role};
GRANT USAGE ON SEQUENCE deliveries_id_seq TO ${app_role};

-- A queue: thousands of rows come and go in a minute, far faster than autovacuum's default pace,
-- and a planner that still thinks the table empty picks plans that scan it whole for every claim.
-- The dispatcher analyzes the queue itself when it changed much (MAINTAIN: ANALYZE and VACUUM only,
-- PostgreSQL 17), and autovacuum looks at it sooner than at other tables.
GRANT MAINTAIN ON deliveries, events TO ${app_role};
ALTER TABLE deliveries SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
