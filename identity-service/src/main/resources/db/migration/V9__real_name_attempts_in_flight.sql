-- Attempts in flight told apart from failures (real_name_failures, V6). Until this version an
-- attempt was counted as a failure from the moment it was admitted until the register confirmed
-- it, so registrations of one person sent in parallel were refused "until tomorrow" although
-- nothing had failed. failures keeps its meaning (the day's failures and the attempts in flight
-- together, capped by one statement, so a replica of the release before, which reads only that
-- column, still holds the limit during a rolling upgrade); pending says how many of them are in
-- flight. A refusal now tells the two apart: failures - pending at the limit is 429 until
-- midnight, otherwise 429 for a moment. An attempt whose process stopped before the register
-- answered stays pending; once the row has not changed for a minute such attempts are taken for
-- failures (pending set to 0: the safe side, one try fewer that day), so they never block the id
-- with "in a moment".
ALTER TABLE real_name_failures ADD COLUMN pending integer NOT NULL DEFAULT 0
    CHECK (pending >= 0);
ALTER TABLE real_name_failures ADD CONSTRAINT real_name_failures_pending_counted CHECK (pending <= failures);
ALTER TABLE real_name_failures ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

GRANT UPDATE (pending, changed_at) ON real_name_failures TO ${app_role};
