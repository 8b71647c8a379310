-- A supervisor's access token approves one request (issue 11). identity-service spends each
-- approving token on the first request released with it and refuses any other ("evidence-reused");
-- this column lets a supervisor hear so at once, when approving, rather than at release.
-- SHA-256 (hex) of the token's JWS signing input (header.payload, as the issuer signed it), never
-- of the whole token: its signature segment has other encodings that verify as well. Unique, so a
-- second approval with the same token fails in the approval's transaction. Requests approved before
-- this version have none (NULLs do not collide).
ALTER TABLE disclosure_requests ADD COLUMN approval_token_hash text CHECK (approval_token_hash ~ '^[0-9a-f]{64}$');
CREATE UNIQUE INDEX disclosure_requests_approval_token_hash ON disclosure_requests (approval_token_hash);
