-- Four eyes proven to identity-service (issue 11): each request keeps the digest of what was filed
-- (SHA-256 over the contract's FiledRequest, hex; its ETag, what a supervisor approves with
-- If-Match) and, as evidence, the filing officer's and the approving supervisor's own access tokens.
-- The tokens are Tink AEAD ciphertexts (the package key; associated data names request and role):
-- bearer tokens live minutes, but a dump must not hand anyone a usable one.
-- Requests filed before this version have neither: their digest is computed from the row when
-- needed, and without evidence identity-service releases nothing for them (they stay APPROVED).
ALTER TABLE disclosure_requests ADD COLUMN digest text CHECK (digest ~ '^[0-9a-f]{64}$');
ALTER TABLE disclosure_requests ADD COLUMN filer_evidence bytea;
ALTER TABLE disclosure_requests ADD COLUMN approver_evidence bytea;
