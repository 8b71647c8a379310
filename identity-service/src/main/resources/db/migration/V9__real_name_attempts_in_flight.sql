-- Attempts in flight kept apart from failures (real_name_failures, V6). Until this version an
-- attempt was counted as a failure from the moment it was admitted until the register confirmed
-- it, so registrations of one person sent in parallel were refused "until tomorrow" although
-- nothing had failed. Now the limit still counts both together (failures + pending < limit, one
-- statement), but a refusal tells them apart: the day's failures (429 until midnight) or attempts
-- being answered right now (429 for a moment). An attempt whose process died before its answer
-- stays pending; once the row has not changed for a minute such attempts are counted as failures
-- (the safe side: one try fewer that day), so they can never block the id with "in a moment".
ALTER TABLE real_name_failures ADD COLUMN pending integer NOT NULL DEFAULT 0 CHECK (pending >= 0);
ALTER TABLE real_name_failures ADD COLUMN changed_at timestamptz NOT NULL DEFAULT now();

GRANT UPDATE (pending, changed_at) ON real_name_failures TO ${app_role};
