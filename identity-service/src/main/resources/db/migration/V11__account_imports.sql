-- Bulk import of phone bindings a platform verified before joining idnet (issue 15 part 3,
-- docs/imports.md). A platform uploads batches of lines; a scheduled job binds or refuses each line,
-- one batch per transaction. No personal data in plain text: an upload is one AEAD ciphertext per
-- batch, deleted in the transaction that processes the batch; outcomes hold line numbers and
-- reasons only.

-- An import of one platform. Its status is derived: OPEN until completed_at, then PROCESSING while a
-- batch waits, then DONE.
CREATE TABLE account_imports (
  id              uuid        PRIMARY KEY,
  platform_id     text        NOT NULL CHECK (char_length(platform_id) BETWEEN 1 AND 128),
  -- The Idempotency-Key of CreateImport: a repeat answers this import.
  idempotency_key text        CHECK (idempotency_key ~ '^[\x21-\x7E]{1,64}$'),
  created_at      timestamptz NOT NULL,
  -- CompleteImport: no batch is accepted after it.
  completed_at    timestamptz,
  CONSTRAINT account_imports_idempotency_key UNIQUE (platform_id, idempotency_key)
);

-- One uploaded batch: what it covers and, once processed, what came of it.
CREATE TABLE import_batches (
  id            uuid        PRIMARY KEY,
  import        uuid        NOT NULL REFERENCES account_imports (id),
  batch_number  integer     NOT NULL CHECK (batch_number BETWEEN 1 AND 100000),
  -- The platform's line numbers, strictly increasing in the batch; ranges of an import's batches
  -- do not overlap (checked under the import's row lock).
  first_line    integer     NOT NULL CHECK (first_line >= 1),
  last_line     integer     NOT NULL,
  line_count    integer     NOT NULL CHECK (line_count BETWEEN 1 AND 1000),
  -- The batch's line numbers (not personal data), outside the ciphertext: an upload that no longer
  -- decrypts still gets an outcome for each of its lines (unreadable-upload).
  line_numbers  integer[]   NOT NULL,
  -- HMAC-SHA256 (blind-index key, purpose import-batch) of the batch's lines: a repeat of the batch
  -- is told from other content after the upload itself is gone.
  content_hash  bytea       NOT NULL CHECK (octet_length(content_hash) = 32),
  received_at   timestamptz NOT NULL,
  processed_at  timestamptz,
  lines_bound   integer     CHECK (lines_bound >= 0),
  lines_refused integer     CHECK (lines_refused >= 0),
  -- Once processed: the batch's refusals counted by reason (reason codes as import_line_outcomes
  -- holds them, their counts at the same positions), so a progress report sums batches instead of
  -- counting refused lines.
  refused_reasons text[],
  refused_counts  integer[],
  CONSTRAINT import_batches_number_key UNIQUE (import, batch_number),
  CONSTRAINT import_batches_lines_in_order CHECK (last_line >= first_line + line_count - 1),
  CONSTRAINT import_batches_line_numbers_counted CHECK (cardinality(line_numbers) = line_count
      AND line_numbers[1] = first_line AND line_numbers[line_count] = last_line),
  CONSTRAINT import_batches_processed_complete CHECK (
      (processed_at IS NULL) = (lines_bound IS NULL) AND (processed_at IS NULL) = (lines_refused IS NULL)),
  CONSTRAINT import_batches_processed_counts CHECK (lines_bound + lines_refused = line_count),
  CONSTRAINT import_batches_refusals_counted CHECK ((processed_at IS NULL) = (refused_reasons IS NULL)
      AND coalesce(cardinality(refused_reasons), 0) = coalesce(cardinality(refused_counts), 0))
);

-- The processing job's queue: waiting batches, oldest first (FOR UPDATE SKIP LOCKED).
CREATE INDEX import_batches_waiting ON import_batches (received_at, id) WHERE processed_at IS NULL;

-- The upload of a waiting batch: Tink AEAD, associated data 'import_uploads|lines_ciphertext|<batch>'.
-- Deleted (a real DELETE) in the transaction that processes the batch.
CREATE TABLE import_uploads (
  batch            uuid  PRIMARY KEY REFERENCES import_batches (id),
  lines_ciphertext bytea NOT NULL
);

-- What came of each line: one row per line (the primary key is the last word on that).
CREATE TABLE import_line_outcomes (
  import  uuid    NOT NULL REFERENCES account_imports (id),
  line    integer NOT NULL CHECK (line >= 1),
  batch   uuid    NOT NULL REFERENCES import_batches (id),
  outcome text    NOT NULL CHECK (outcome IN ('bound', 'refused')),
  reason  text,
  PRIMARY KEY (import, line),
  CONSTRAINT import_line_outcomes_reason_only_for_refusals CHECK ((outcome = 'refused') = (reason IS NOT NULL)),
  CONSTRAINT import_line_outcomes_reason_known CHECK (reason IN (
      'invalid-account-id', 'invalid-phone-number', 'invalid-verified-at', 'already-bound',
      'number-reassigned-since',
      'unreadable-upload'))  -- the batch's upload did not decrypt (key lost, ciphertext altered)
);

-- ListImportRefusals and the counts by reason read refusals only.
CREATE INDEX import_line_outcomes_refused ON import_line_outcomes (import, line) WHERE outcome = 'refused';

-- Where a binding's proof comes from: an OTP through idnet, or a platform's import. An imported
-- binding keeps the date the platform verified the number. The defaults let a replica of the
-- release before insert OTP bindings during a rolling upgrade.
ALTER TABLE phone_bindings ADD COLUMN source text NOT NULL DEFAULT 'otp'
    CONSTRAINT phone_bindings_source_known CHECK (source IN ('otp', 'imported'));
ALTER TABLE phone_bindings ADD COLUMN platform_verified_at timestamptz;
ALTER TABLE phone_bindings ADD CONSTRAINT phone_bindings_platform_verified_at_for_imports
    CHECK ((source = 'imported') = (platform_verified_at IS NOT NULL) AND platform_verified_at <= bound_at);

-- An imported binding counts for a configured period after the platform's verification; then the
-- expiry job revokes it (revoked_at: the instant it ran out) and announces the change.
ALTER TABLE phone_bindings DROP CONSTRAINT phone_bindings_revoke_reason_known;
ALTER TABLE phone_bindings ADD CONSTRAINT phone_bindings_revoke_reason_known CHECK (revoke_reason IN (
    'replaced', 'renewed', 'number-disconnected', 'number-reassigned', 'account-closed',
    'import-expired'));  -- an imported binding's period ran out (V11)

-- The expiry job's look-up: active imported bindings by the platform's verification.
CREATE INDEX phone_bindings_active_imported ON phone_bindings (platform_verified_at)
    WHERE source = 'imported' AND revoked_at IS NULL;

-- As V8 explains: exactly what the code needs. An import is completed (completed_at), and locked
-- while a batch is added (covered by that UPDATE); never deleted.
GRANT SELECT, INSERT, UPDATE (completed_at) ON account_imports TO ${app_role};
-- A batch is marked processed with its counts; never deleted (its hash answers repeats).
GRANT SELECT, INSERT, UPDATE (processed_at, lines_bound, lines_refused, refused_reasons, refused_counts)
    ON import_batches TO ${app_role};
-- Uploads are added and deleted once processed; never changed.
GRANT SELECT, INSERT, DELETE ON import_uploads TO ${app_role};
-- Outcomes are added and read; never changed.
GRANT SELECT, INSERT ON import_line_outcomes TO ${app_role};
