-- The transactional outbox of webhook events (issue 15), read by webhook-dispatcher alone
-- (idnet.outbox.v1.EventOutboxService). Each row is written in the same transaction as the change
-- that causes it, so an event exists exactly when its change was committed; the dispatcher reads
-- the oldest, stores them, then acknowledges them, and only then are they deleted. No personal
-- data: the account is the row of accounts (its platform's id is opened from accounts'
-- ciphertext when the event is read), and what a verification_changed event says of the
-- account's standing is read when the event is read, not kept here.
CREATE TABLE event_outbox (
  -- The order events were written in; the dispatcher reads and acknowledges by it. An identity
  -- column, as release_refusals': inserting needs no grant on a sequence.
  position    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The id the platform de-duplicates on (header webhook-id), the same on every delivery attempt.
  event_id    uuid        NOT NULL,
  account     uuid        NOT NULL REFERENCES accounts (id),
  type        text        NOT NULL CHECK (type IN (
      'account.verification_changed', -- bindings, real name or age band changed
      'binding.revoked',              -- a carrier's report ended the phone binding
      'account.closed')),             -- the platform closed the account: its bindings ended
  -- Why the binding ended: binding.revoked only, and only the carriers' reasons of phone_bindings.
  reason      text,
  occurred_at timestamptz NOT NULL,
  CONSTRAINT event_outbox_event_id_key UNIQUE (event_id),
  CONSTRAINT event_outbox_reason_only_for_revocations CHECK ((type = 'binding.revoked') = (reason IS NOT NULL)),
  CONSTRAINT event_outbox_reason_known CHECK (reason IN ('number-disconnected', 'number-reassigned'))
);

-- A person announced as having turned 16: the coming-of-age job writes account.verification_changed
-- for their active accounts and this row in one transaction (under an advisory lock), so each
-- person is announced once, whatever the runs and replicas. year is their turns_16_in.
CREATE TABLE coming_of_age_announced (
  person       uuid        PRIMARY KEY REFERENCES persons (id),
  year         smallint    NOT NULL CHECK (year BETWEEN 1916 AND 2500),
  announced_at timestamptz NOT NULL
);

-- Whoever turned 16 before this year was an adult before there were events to tell: marked as
-- announced, so the job's first run after this migration does not send a whole past cohort's
-- account.verification_changed at once (only this year's birthdays are news).
INSERT INTO coming_of_age_announced (person, year, announced_at)
SELECT id, turns_16_in, now() FROM persons
WHERE turns_16_in IS NOT NULL AND turns_16_in < EXTRACT(YEAR FROM now());

-- As V8 explains: exactly what the code needs. Events are added, read and deleted once the
-- dispatcher acknowledged them; never changed.
GRANT SELECT, INSERT, DELETE ON event_outbox TO ${app_role};
-- Announcements are looked up and added; never changed or deleted (a person turns 16 once).
GRANT SELECT, INSERT ON coming_of_age_announced TO ${app_role};

-- The coming-of-age job's look-up: persons registered as minors, by the year they turn 16.
CREATE INDEX persons_turns_16_in ON persons (turns_16_in) WHERE turns_16_in IS NOT NULL;
