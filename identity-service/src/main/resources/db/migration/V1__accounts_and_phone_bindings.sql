-- Accounts and their phone bindings. No personal data in plain text: a phone number is kept only
-- as a keyed blind index (equality look-ups, e.g. number recycling) and an AEAD ciphertext whose
-- associated data names its table, column and row. Real-name records (persons, person bindings)
-- come in a later migration and refer to accounts(id) the same way phone_bindings does.

-- A platform's user account, named by (platform_id, account_id). Created on the first binding.
CREATE TABLE accounts (
  id          uuid        PRIMARY KEY,
  platform_id text        NOT NULL CHECK (char_length(platform_id) BETWEEN 1 AND 128),
  account_id  text        NOT NULL CHECK (account_id ~ '^[A-Za-z0-9._:@-]{1,128}$'),
  created_at  timestamptz NOT NULL,
  CONSTRAINT accounts_platform_account_key UNIQUE (platform_id, account_id)
);

-- Proof that an account controlled a phone number (an approved OTP verification). A binding is
-- never deleted: it ends by revocation, so that "REVOKED" and the history stay answerable.
CREATE TABLE phone_bindings (
  id                uuid        PRIMARY KEY,
  account           uuid        NOT NULL REFERENCES accounts (id),
  -- HMAC of the E.164 number under the blind-index key (separate from the encryption key).
  phone_blind_index bytea       NOT NULL CHECK (octet_length(phone_blind_index) >= 16),
  -- Tink AEAD ciphertext; associated data 'phone_bindings|phone_ciphertext|<id>'.
  phone_ciphertext  bytea       NOT NULL,
  -- The phone-otp verification that proved the number; makes BindPhone idempotent.
  verification_id   text        NOT NULL CHECK (char_length(verification_id) BETWEEN 1 AND 128),
  bound_at          timestamptz NOT NULL,
  revoked_at        timestamptz,
  revoke_reason     text,
  CONSTRAINT phone_bindings_verification_id_key UNIQUE (verification_id),
  -- A revoked binding always says why; an active one has no reason.
  CONSTRAINT phone_bindings_revocation_complete CHECK ((revoked_at IS NULL) = (revoke_reason IS NULL)),
  CONSTRAINT phone_bindings_revoke_reason_known CHECK (revoke_reason IN (
      'replaced',            -- the account bound another number
      'renewed',             -- the account proved the same number again (new verification)
      'number-disconnected', -- carrier event (later issue)
      'number-reassigned',   -- carrier event (later issue)
      'account-closed'))     -- the platform closed the account (later issue)
);

-- The invariant: at most one active phone binding per account.
CREATE UNIQUE INDEX phone_bindings_one_active_per_account ON phone_bindings (account) WHERE revoked_at IS NULL;

-- The account's latest binding (CheckAccount reads it on the hot path).
CREATE INDEX phone_bindings_account_bound_at ON phone_bindings (account, bound_at DESC);

-- Number recycling: active bindings to a number made before a carrier event.
CREATE INDEX phone_bindings_active_by_number ON phone_bindings (phone_blind_index, bound_at) WHERE revoked_at IS NULL;
