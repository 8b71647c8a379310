package org.idnet.disclosure.config;

import com.google.crypto.tink.KeysetHandle;

/**
 * The service's keysets, distinct key material each: Ed25519 for grants to identity-service,
 * Ed25519 for audit checkpoints (its public half is published), AEAD for stored packages, an
 * HMAC-SHA256 PRF for the blind index of requests' target accounts and AEAD for their account ids
 * (kept for as long as the requests, unlike packages). Loaded at start-up (keyset files in the
 * sandbox, KMS-encrypted in production).
 */
public record DisclosureKeysets(KeysetHandle grantSigning, KeysetHandle auditSigning, KeysetHandle packageEncryption,
    KeysetHandle accountIndex, KeysetHandle requestFields) {
}
