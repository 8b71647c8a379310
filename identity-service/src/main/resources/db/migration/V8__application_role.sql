-- identity-service runs as an application role (${app_role}, spring.datasource.username) that owns
-- nothing and holds only what the code needs; the schema belongs to the role that migrates it
-- (spring.flyway.user). Until this version the service ran as the owner, so the append-only
-- triggers of V4, V6 and V7 were a promise it could take back (DROP TRIGGER, ALTER TABLE ... DISABLE
-- TRIGGER need ownership). Now they hold against the service itself, and the service cannot
-- UPDATE, DELETE or TRUNCATE those tables in the first place: the grants below leave them out.
--
-- Every later migration that adds a table grants ${app_role} its rights in the same script.
--
-- "SELECT ... FOR UPDATE / FOR SHARE" needs UPDATE on at least one column of the locked table. Where
-- the code locks rows it never changes (accounts, persons: concurrent bindings of one account or
-- one citizen serialize on the row), the grant is UPDATE on created_at alone, the column whose
-- change matters least (it only orders the look-up under several blind-index keys).

-- Created on the first binding, locked by every change to the account; never changed or deleted.
GRANT SELECT, INSERT, UPDATE (created_at) ON accounts TO ${app_role};
-- A binding ends by revocation (a new number, a carrier event, a closed account): only those two
-- columns change, never the number's ciphertext or index; never deleted.
GRANT SELECT, INSERT, UPDATE (revoked_at, revoke_reason) ON phone_bindings TO ${app_role};
-- Persons are written once and locked while a link is made; never changed or deleted.
GRANT SELECT, INSERT, UPDATE (created_at) ON persons TO ${app_role};
GRANT SELECT, INSERT ON pairwise_subjects TO ${app_role};
-- A link ends when its account closes; a guardian's link is locked FOR SHARE (covered by this UPDATE).
GRANT SELECT, INSERT, UPDATE (ended_at, end_reason) ON person_bindings TO ${app_role};
-- Append-only (triggers since V6): carriers' reports are read (a repeat changes nothing) and added.
GRANT SELECT, INSERT ON number_events TO ${app_role};
-- Grant uses: a replay is found by the primary key; rows a day past the grant's expiry are purged.
GRANT SELECT, INSERT, DELETE ON disclosure_grant_replay TO ${app_role};
-- Append-only (triggers since V4): a retry compares with the first release.
GRANT SELECT, INSERT ON disclosure_releases TO ${app_role};
-- Append-only (triggers since V4), for oversight: the service only ever adds a refusal.
GRANT INSERT ON release_refusals TO ${app_role};
-- The archive of the issuer's keys: a sighting updates last_seen_at and the MAC, a row without a
-- valid MAC is replaced, keys past the retention are purged. issuer and kid never change.
GRANT SELECT, INSERT, UPDATE (jwk, mac, first_seen_at, last_seen_at), DELETE ON issuer_keys TO ${app_role};
-- Append-only (triggers since V7): a spent approval is looked up under every key and added.
GRANT SELECT, INSERT ON approval_evidence_spent TO ${app_role};
-- Counted up in one upsert, given back on success, rows of past days deleted.
GRANT SELECT, INSERT, UPDATE (failures), DELETE ON real_name_failures TO ${app_role};
