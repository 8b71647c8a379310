-- The transparency report reads each request's status as it stood at the end of the reported
-- window from the request's audit entries: the latest state change before that instant.
CREATE INDEX audit_entries_request ON audit_entries (request_id, seq);
