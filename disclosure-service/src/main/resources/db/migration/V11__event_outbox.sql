-- The transactional event outbox (issue 15): events for platforms' webhooks, read and acknowledged
-- by webhook-dispatcher alone (idnet.outbox.v1.EventOutboxService). This service writes one type,
-- notice.available: a disclosure of a platform's account may now be told to its user (what
-- GET /v1/accounts/{id}/notices starts to show). It is written in the transaction of the release
-- when the notice is visible at once (no confidentiality date, or one already passed), and by the
-- notice job (idnet.disclosure.jobs.notice-interval) once a later confidentiality date passes.
--
-- A row holds no personal data: the request it is about, its type and time. The platform, its
-- account id (opened from the request's ciphertext), agency, basis, fields and date are read from
-- the request when the dispatcher reads the event. Rows are deleted once the dispatcher has
-- acknowledged them; the request keeps that its notice was announced.
CREATE TABLE event_outbox (
  -- The order the events were written in; what the dispatcher acknowledges.
  position    bigserial   PRIMARY KEY,
  -- The event's id as the platform receives it (webhook-id): the same on every read and delivery.
  event_id    uuid        NOT NULL UNIQUE,
  request_id  uuid        NOT NULL REFERENCES disclosure_requests (id),
  type        text        NOT NULL CHECK (type = 'notice.available'),
  occurred_at timestamptz NOT NULL
);

-- When the request's notice.available was written: once per request, never again (the writers
-- set it only where it is null, under the request's row lock). Only a disclosed request has one.
ALTER TABLE disclosure_requests ADD COLUMN notice_announced_at timestamptz;
ALTER TABLE disclosure_requests ADD CONSTRAINT disclosure_requests_announced_when_disclosed
  CHECK (notice_announced_at IS NULL OR status = 'DISCLOSED');

-- Notices already visible before this version were never announced and are not now: a platform
-- would otherwise receive every past notice at once. Those still confidential are announced when
-- their date passes.
UPDATE disclosure_requests SET notice_announced_at = now()
  WHERE status = 'DISCLOSED' AND (confidential_until IS NULL OR confidential_until <= now());

-- The notice job looks only at disclosed requests not yet announced.
CREATE INDEX disclosure_requests_notice_due ON disclosure_requests (confidential_until)
  WHERE status = 'DISCLOSED' AND notice_announced_at IS NULL;

-- The service writes events, reads them for the dispatcher and deletes those it acknowledged; it
-- never changes one. (It already holds UPDATE on disclosure_requests, notice_announced_at included.)
GRANT SELECT, INSERT, DELETE ON event_outbox TO ${app_role};
GRANT USAGE ON SEQUENCE event_outbox_position_seq TO ${app_role};
