-- Signed checkpoints of the audit log (docs/audit-log.md): "the log had `size` entries and the
-- last one's hash was `root_hash`", signed with the service's audit key (Tink Ed25519). Issued on a
-- schedule when the log grew, and whenever an auditor asks. Kept forever, append-only like the
-- log: each is evidence against a later truncation or rewrite.
CREATE TABLE audit_checkpoints (
  id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Entries covered: the seq of the last one (0 for an empty log).
  size      bigint      NOT NULL CHECK (size >= 0),
  root_hash bytea       NOT NULL CHECK (octet_length(root_hash) = 32),
  issued_at timestamptz NOT NULL,
  -- Tink signature over the checkpoint's canonical bytes.
  signature bytea       NOT NULL,
  -- Tink key id of the signing key, unsigned decimal.
  key_id    text        NOT NULL CHECK (key_id ~ '^[0-9]{1,10}$')
);

-- "Did the log grow since the last checkpoint?" and verification in size order.
CREATE INDEX audit_checkpoints_size ON audit_checkpoints (size);

CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

GRANT SELECT, INSERT ON audit_checkpoints TO ${app_role};
