-- Four eyes proven to identity-service (issue 11). Ids, times, reasons and keyed hashes only: no
-- personal data in any of these tables.

-- One release per disclosure request. A retry for the same request (a new grant after the answer
-- to the first was lost) writes no second row: it is answered only if it names the same scope and
-- reads the same values, compared by keyed hashes (HMAC with the blind-index key), so the ledger
-- holds no copy of what was released.
CREATE TABLE disclosure_releases (
  request_id  uuid        PRIMARY KEY,
  -- The grant that released it (its use is in disclosure_grant_replay until purged).
  grant_id    uuid        NOT NULL,
  scope_hash  bytea       NOT NULL CHECK (octet_length(scope_hash) = 32),
  answer_hash bytea       NOT NULL CHECK (octet_length(answer_hash) = 32),
  released_at timestamptz NOT NULL
);

-- Every refused ReleaseIdentity, for oversight: why, for which request (null when the grant did
-- not verify, so its request id would be anyone's word), and when.
CREATE TABLE release_refusals (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  reason     text        NOT NULL CHECK (reason ~ '^[a-z-]{1,40}$'),
  request_id uuid
);
CREATE INDEX release_refusals_at ON release_refusals (at);

-- Every key the evidence issuer has published, kept after it leaves the issuer's JWKS: officials'
-- tokens are checked when a release happens, which may be long after they were issued (deadline
-- plus release retries). Public keys; the mac (HMAC with the blind-index key over issuer, kid and
-- key) makes a row inserted by anyone without that key worthless.
CREATE TABLE issuer_keys (
  issuer        text        NOT NULL,
  kid           text        NOT NULL,
  jwk           text        NOT NULL,
  mac           bytea       NOT NULL CHECK (octet_length(mac) = 32),
  first_seen_at timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  PRIMARY KEY (issuer, kid)
);

-- identity-service runs as the owner of its schema, so grants cannot stop it: triggers refuse any
-- rewrite of the history, whoever asks (only dropping them on purpose could, and that is visible).
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER release_refusals_no_update_delete BEFORE UPDATE OR DELETE ON release_refusals
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER release_refusals_no_truncate BEFORE TRUNCATE ON release_refusals
  FOR EACH STATEMENT EXECUTE FUNCTION append_only();
CREATE TRIGGER disclosure_releases_no_update_delete BEFORE UPDATE OR DELETE ON disclosure_releases
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER disclosure_releases_no_truncate BEFORE TRUNCATE ON disclosure_releases
  FOR EACH STATEMENT EXECUTE FUNCTION append_only();
