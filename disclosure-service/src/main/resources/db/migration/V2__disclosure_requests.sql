-- Lawful-disclosure requests, their sealed packages and the Idempotency-Keys of their creation.
-- The service's role (${app_role}) gets exactly what the code needs; the schema belongs to the owner.

CREATE TABLE disclosure_requests (
  id                 uuid PRIMARY KEY,
  agency_id          text        NOT NULL,
  requested_by       text        NOT NULL,
  platform_id        text        NOT NULL,
  account_id         text        NOT NULL,
  legal_basis        text        NOT NULL,
  case_reference     text        NOT NULL,
  -- IdentityField names, in the order asked, no duplicates (checked by the service).
  fields             text[]      NOT NULL CHECK (cardinality(fields) BETWEEN 1 AND 4),
  justification      text        NOT NULL,
  emergency          boolean     NOT NULL,
  status             text        NOT NULL CHECK (status IN ('AWAITING_APPROVAL', 'APPROVED', 'DISCLOSED',
                                   'REJECTED', 'CANCELLED', 'EXPIRED', 'NOT_FOUND_AT_SOURCE')),
  created_at         timestamptz NOT NULL,
  due_at             timestamptz NOT NULL,
  decided_by         text,
  decided_at         timestamptz,
  decision_note      text,
  disclosed_at       timestamptz,
  package_expires_at timestamptz,
  confidential_until timestamptz,
  -- Release bookkeeping of APPROVED requests: failed attempts so far and when to try again (null: now).
  release_attempts   integer     NOT NULL DEFAULT 0,
  next_release_at    timestamptz,
  CHECK (status <> 'DISCLOSED' OR (disclosed_at IS NOT NULL AND package_expires_at IS NOT NULL))
);

-- Listing: one agency's requests, newest first (keyset pagination on created_at, id).
CREATE INDEX disclosure_requests_agency_created ON disclosure_requests (agency_id, created_at DESC, id DESC);
-- The deadline job looks only at undecided requests.
CREATE INDEX disclosure_requests_awaiting_due ON disclosure_requests (due_at) WHERE status = 'AWAITING_APPROVAL';
-- The release retry job looks only at approved requests.
CREATE INDEX disclosure_requests_approved_next ON disclosure_requests (next_release_at) WHERE status = 'APPROVED';
-- Notices: one account's disclosures.
CREATE INDEX disclosure_requests_disclosed_account ON disclosure_requests (platform_id, account_id)
  WHERE status = 'DISCLOSED';
-- The transparency report counts by creation time.
CREATE INDEX disclosure_requests_created ON disclosure_requests (created_at);

CREATE TABLE disclosure_packages (
  request_id   uuid PRIMARY KEY REFERENCES disclosure_requests (id),
  -- Tink AEAD ciphertext, associated data bound to request_id: no plain personal data here.
  sealed       bytea       NOT NULL,
  disclosed_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL
);

CREATE INDEX disclosure_packages_expires ON disclosure_packages (expires_at);

CREATE TABLE idempotency_keys (
  agency_id       text        NOT NULL,
  idempotency_key text        NOT NULL,
  -- SHA-256 of the request body's deterministic protobuf bytes.
  body_sha256     bytea       NOT NULL,
  -- Deferred: the key is claimed before the request row is written, in the same transaction.
  request_id      uuid        NOT NULL REFERENCES disclosure_requests (id) DEFERRABLE INITIALLY DEFERRED,
  created_at      timestamptz NOT NULL,
  -- One claim per agency and key: concurrent repeats wait on this and then see the first answer.
  PRIMARY KEY (agency_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Requests are never deleted: the audit log and the transparency report refer to them.
GRANT SELECT, INSERT, UPDATE ON disclosure_requests TO ${app_role};
-- Packages are deleted at expiry, never changed.
GRANT SELECT, INSERT, DELETE ON disclosure_packages TO ${app_role};
-- UPDATE: a key older than its window is claimed again in place.
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO ${app_role};
