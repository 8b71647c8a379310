-- An approved request whose release will never come ends RELEASE_REFUSED (review of issue 11): before,
-- it stayed APPROVED and was retried for ever, though identity-service refuses every release more
-- than the release horizon after the approval (evidence-stale), so every attempt after it was a
-- refusal row, a metric and an alert, for ever. It ends when identity-service refuses it for a
-- reason no retry changes (the request's own evidence), or when it is still not released once the
-- release horizon after its approval has passed (idnet.evidence.release-horizon, 24 h by default).
-- Requests approved before version 6 carry no evidence and could never be released: the first
-- attempt after this version ends them ("horizon").
-- release_refusal: why, in one word (the check identity-service refused, or 'horizon'); no personal data.
ALTER TABLE disclosure_requests ADD COLUMN release_refusal text CHECK (release_refusal ~ '^[a-z-]{1,40}$');
ALTER TABLE disclosure_requests DROP CONSTRAINT disclosure_requests_status_check;
ALTER TABLE disclosure_requests ADD CONSTRAINT disclosure_requests_status_check CHECK (status IN (
  'AWAITING_APPROVAL', 'APPROVED', 'DISCLOSED', 'REJECTED', 'CANCELLED', 'EXPIRED', 'NOT_FOUND_AT_SOURCE',
  'RELEASE_REFUSED'));
ALTER TABLE disclosure_requests ADD CONSTRAINT disclosure_requests_refused_has_reason
  CHECK ((status = 'RELEASE_REFUSED') = (release_refusal IS NOT NULL));
