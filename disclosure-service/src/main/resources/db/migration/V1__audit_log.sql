-- The tamper-evident audit log of disclosures (docs/audit-log.md). Every state change of a request
-- and every package retrieval appends one entry in the transaction of the change. Entries form a
-- hash chain: hash = SHA-256(prev_hash || canonical bytes of the entry), computed by the service
-- (the encoding lives in the audit-verifier module, the one place it is defined).
--
-- The service's role may read and append, nothing else: it holds no UPDATE, DELETE or TRUNCATE on
-- audit_entries, and triggers refuse those even to roles that do (defence in depth: only the
-- owner, by disabling the triggers on purpose, can rewrite history, and the chain and the signed
-- checkpoints then show it).

CREATE TABLE audit_entries (
  -- 1, 2, 3, ... without gaps (appends serialize on audit_head).
  seq        bigint      PRIMARY KEY CHECK (seq >= 1),
  -- Microsecond precision, as hashed.
  at         timestamptz NOT NULL,
  type       text        NOT NULL,
  -- An official's subject, or 'system' for scheduled transitions. Never personal data.
  actor      text        NOT NULL,
  agency_id  text        NOT NULL,
  request_id uuid        NOT NULL,
  prev_hash  bytea       NOT NULL CHECK (octet_length(prev_hash) = 32),
  hash       bytea       NOT NULL CHECK (octet_length(hash) = 32)
);

-- The head of the chain, one row. An append locks it (SELECT ... FOR UPDATE), so concurrent
-- appends queue up, and a rolled-back append leaves it as it was: seq never skips a number.
CREATE TABLE audit_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  seq      bigint  NOT NULL CHECK (seq >= 0),
  hash     bytea   NOT NULL CHECK (octet_length(hash) = 32)
);
INSERT INTO audit_head (only_row, seq, hash) VALUES (true, 0, decode(repeat('00', 32), 'hex'));

-- History is never rewritten, whoever asks.
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- An entry goes only right after the head and names the head's hash as its predecessor: no gap,
-- no fork, even from a client that skips the service's locking.
CREATE FUNCTION audit_entry_extends_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_head%ROWTYPE;
BEGIN
  SELECT * INTO head FROM audit_head;
  IF NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
    RAISE EXCEPTION 'audit entry % does not extend the head (seq %)', NEW.seq, head.seq;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_entries_extend_head BEFORE INSERT ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entry_extends_head();

-- The head moves one entry at a time, onto an entry that exists and follows it.
CREATE FUNCTION audit_head_advances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> OLD.seq + 1 OR NOT EXISTS (
      SELECT 1 FROM audit_entries WHERE seq = NEW.seq AND hash = NEW.hash AND prev_hash = OLD.hash) THEN
    RAISE EXCEPTION 'audit head may only advance to the next entry (from seq %)', OLD.seq;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_head_advance_only BEFORE UPDATE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_advances();
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();

-- The service: read and append; on the head only what an append needs (the row lock of
-- SELECT ... FOR UPDATE requires UPDATE on some column).
GRANT SELECT, INSERT ON audit_entries TO ${app_role};
GRANT SELECT, UPDATE (seq, hash) ON audit_head TO ${app_role};
