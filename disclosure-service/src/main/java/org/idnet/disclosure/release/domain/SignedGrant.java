package org.idnet.disclosure.release.domain;

import java.time.Instant;

/**
 * A grant as sent to identity-service: the serialized grant, its Ed25519 signature and the id of
 * the signing key. Single use: a new attempt needs a new grant.
 */
public record SignedGrant(String grantId, byte[] grant, byte[] signature, String keyId, Instant expiresAt) {
}
