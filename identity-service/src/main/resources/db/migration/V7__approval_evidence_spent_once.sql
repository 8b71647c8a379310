-- An approving supervisor's token is evidence for one request only (issue 11). FourEyes checks a
-- token against the request's life as the grant states it, and disclosure-service keeps past
-- requests' tokens: without this table a taken-over disclosure-service could file a new request
-- in a grant of its own (another target, filed_at matching an old approval) and present an old
-- request's two tokens. A release records the approver's token here, in its own transaction; a
-- token recorded for another request releases nothing (refusal "evidence-reused").
--
-- Keyed by the blind-index HMAC (purpose "approval-evidence") of the token's JWS signing input
-- (header.payload as the issuer signed it), never of the whole token: the signature segment has
-- other encodings that verify as well (ECDSA's (r, n-s), lenient base64). No token is kept.
-- Rows are never deleted: a token stays evidence of its request for as long as keys verify it.
CREATE TABLE approval_evidence_spent (
  evidence_hash bytea       PRIMARY KEY CHECK (octet_length(evidence_hash) = 32),
  request_id    uuid        NOT NULL,
  spent_at      timestamptz NOT NULL
);

-- append_only() is V4's: no UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE TRIGGER approval_evidence_spent_no_update_delete BEFORE UPDATE OR DELETE ON approval_evidence_spent
  FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER approval_evidence_spent_no_truncate BEFORE TRUNCATE ON approval_evidence_spent
  FOR EACH STATEMENT EXECUTE FUNCTION append_only();
