package org.idnet.webhooks.endpoints.domain;

/**
 * The platform's Idempotency-Key of a create call and a digest of its body: a repeat with both
 * equal answers the first endpoint; the key with another digest is refused.
 */
public record IdempotencyClaim(String key, byte[] requestDigest) {
}
