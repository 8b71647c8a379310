package org.idnet.disclosure.config;

import com.google.crypto.tink.KeysetHandle;

/**
 * The service's three keysets, distinct key material each: Ed25519 for grants to
 * identity-service, Ed25519 for audit checkpoints (its public half is published), and AEAD for
 * stored packages. Loaded at start-up (keyset files in the sandbox, KMS-encrypted in production).
 */
public record DisclosureKeysets(KeysetHandle grantSigning, KeysetHandle auditSigning, KeysetHandle packageEncryption) {
}
