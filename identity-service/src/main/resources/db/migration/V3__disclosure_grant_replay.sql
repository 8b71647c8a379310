-- The replay store of disclosure grants: each grant releases identity data at most once. A row is
-- written in the same transaction as the release's reads, so a failed release leaves the grant
-- unused, and two concurrent uses of one grant serialize on the primary key (the second finds the
-- first's row and is refused). Ids and times only, no personal data.
CREATE TABLE disclosure_grant_replay (
  -- The grant's random id (DisclosureGrant.grant_id).
  grant_id    uuid        PRIMARY KEY,
  -- The disclosure request the grant served, for an auditor matching both services' records.
  request_id  uuid        NOT NULL,
  released_at timestamptz NOT NULL,
  -- The grant's expiry: rows are purged a day after it, when the expiry check alone refuses a replay.
  expires_at  timestamptz NOT NULL
);

CREATE INDEX disclosure_grant_replay_expires_at ON disclosure_grant_replay (expires_at);
