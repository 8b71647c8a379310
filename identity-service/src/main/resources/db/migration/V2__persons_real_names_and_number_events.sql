-- Real names (persons and their links to accounts), pairwise subject ids, and carriers' number
-- events. As in V1, no personal data in plain text: the citizen id, full name and birth date are
-- AEAD ciphertexts whose associated data names table, column and row, and the citizen id is looked
-- up only through a keyed blind index.

-- Lets links name an account together with its platform, so the schema itself keeps a person's
-- link and a guardian on the account's own platform.
ALTER TABLE accounts ADD CONSTRAINT accounts_id_platform_key UNIQUE (id, platform_id);

-- A real person as the population register confirmed them. One row per citizen id, however many
-- accounts and platforms; it stays when accounts close (lawful requests may ask about the past).
CREATE TABLE persons (
  id                     uuid        PRIMARY KEY,
  -- HMAC of 'citizen-id|<12 digits>' under the blind-index key.
  citizen_id_blind_index bytea       NOT NULL CHECK (octet_length(citizen_id_blind_index) >= 16),
  -- Tink AEAD ciphertexts; associated data 'persons|<column>|<id>'.
  citizen_id_ciphertext  bytea       NOT NULL,
  full_name_ciphertext   bytea       NOT NULL,
  birth_date_ciphertext  bytea       NOT NULL,
  -- For someone under 16 when registered, the year they turn 16; NULL for adults. The only age
  -- information in plain: the hot path tells MINOR from ADULT without decrypting, and opens the
  -- birth date only during that one year (AgeRule).
  turns_16_in            smallint    CHECK (turns_16_in BETWEEN 1916 AND 2500),
  created_at             timestamptz NOT NULL,
  CONSTRAINT persons_citizen_id_blind_index_key UNIQUE (citizen_id_blind_index)
);

-- The pairwise subject id of a person on a platform: computed once (HMAC under the subject-id
-- key), then stored, so it never changes, even after that key is rotated. Not personal data: it
-- is a keyed hash of a random row id.
CREATE TABLE pairwise_subjects (
  person      uuid NOT NULL REFERENCES persons (id),
  platform_id text NOT NULL CHECK (char_length(platform_id) BETWEEN 1 AND 128),
  subject_id  text NOT NULL CHECK (subject_id ~ '^[A-Za-z0-9_-]{22}$'),
  PRIMARY KEY (person, platform_id),
  CONSTRAINT pairwise_subjects_platform_subject_key UNIQUE (platform_id, subject_id)
);

-- The link from an account to a person: the REAL_NAME level. Never deleted, ended instead.
CREATE TABLE person_bindings (
  id               uuid        PRIMARY KEY,
  account          uuid        NOT NULL,
  person           uuid        NOT NULL REFERENCES persons (id),
  -- The account's platform, for the per-platform account limit; the foreign key keeps it true.
  platform_id      text        NOT NULL,
  -- A minor's guardian: another account of the same platform, adult and REAL_NAME when linked.
  guardian_account uuid,
  bound_at         timestamptz NOT NULL,
  ended_at         timestamptz,
  end_reason       text,
  CONSTRAINT person_bindings_account_fkey FOREIGN KEY (account, platform_id) REFERENCES accounts (id, platform_id),
  CONSTRAINT person_bindings_guardian_fkey FOREIGN KEY (guardian_account, platform_id)
      REFERENCES accounts (id, platform_id),
  CONSTRAINT person_bindings_guardian_not_self CHECK (guardian_account <> account),
  CONSTRAINT person_bindings_end_complete CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
  CONSTRAINT person_bindings_end_reason_known CHECK (end_reason IN ('account-closed'))
);

-- The invariant: an account is linked to at most one person at a time.
CREATE UNIQUE INDEX person_bindings_one_active_per_account ON person_bindings (account) WHERE ended_at IS NULL;

-- All links of an account, ended ones included (an account with only ended links reads REVOKED).
CREATE INDEX person_bindings_account ON person_bindings (account);

-- The account limit: active links of a person on a platform.
CREATE INDEX person_bindings_active_by_person ON person_bindings (person, platform_id) WHERE ended_at IS NULL;

-- What carriers reported, once each: a repeated report finds its row and changes nothing. The
-- number is kept only as its blind index (under the key that was primary when it arrived).
CREATE TABLE number_events (
  id                uuid        PRIMARY KEY,
  phone_blind_index bytea       NOT NULL CHECK (octet_length(phone_blind_index) >= 16),
  type              text        NOT NULL CHECK (type IN ('DISCONNECTED', 'REASSIGNED', 'PORTED')),
  occurred_at       timestamptz NOT NULL,
  received_at       timestamptz NOT NULL,
  -- How many active phone bindings the event ended.
  revoked_bindings  integer     NOT NULL CHECK (revoked_bindings >= 0),
  CONSTRAINT number_events_once UNIQUE (phone_blind_index, type, occurred_at)
);
