-- Limits on asking the population register, and the reporting carrier on number events.

-- Failed register confirmations per citizen id and civil day (the service's zone), across all
-- platforms: at most idnet.identity.real-name.max-failed-confirmations-per-day, so a birth date
-- cannot be found by trying dates. The citizen id is kept only as its blind index (the HMAC the
-- persons table uses, under the key primary at the time). Counted and capped in one statement
-- (INSERT ... ON CONFLICT DO UPDATE ... WHERE failures < limit RETURNING), before the register is
-- asked; rows of past days are deleted by the service: nothing is kept beyond its day.
CREATE TABLE real_name_failures (
  day                    date    NOT NULL,
  citizen_id_blind_index bytea   NOT NULL CHECK (octet_length(citizen_id_blind_index) >= 16),
  failures               integer NOT NULL CHECK (failures >= 0),
  -- Day first: the same index serves the upsert and the purge of past days.
  PRIMARY KEY (day, citizen_id_blind_index)
);

-- The carrier that reported the event: the client id (azp) of its token, never a request field.
-- Events recorded before this migration did not keep it.
ALTER TABLE number_events ADD COLUMN carrier_id text;
UPDATE number_events SET carrier_id = 'unrecorded-before-v6' WHERE carrier_id IS NULL;
ALTER TABLE number_events ALTER COLUMN carrier_id SET NOT NULL;
ALTER TABLE number_events ADD CONSTRAINT number_events_carrier_id_length
    CHECK (char_length(carrier_id) BETWEEN 1 AND 128);

-- A carrier's reports per period, for an audit of one carrier (e.g. after a credential leak).
CREATE INDEX number_events_carrier_received ON number_events (carrier_id, received_at);

-- number_events is the audit of what carriers reported: which carrier, which number (blind index
-- only), what, when, and how many bindings it ended. Nobody rewrites it, the service included.
CREATE FUNCTION number_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END
$$;

CREATE TRIGGER number_events_no_update_delete BEFORE UPDATE OR DELETE ON number_events
  FOR EACH ROW EXECUTE FUNCTION number_events_append_only();
CREATE TRIGGER number_events_no_truncate BEFORE TRUNCATE ON number_events
  FOR EACH STATEMENT EXECUTE FUNCTION number_events_append_only();
