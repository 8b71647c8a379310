package org.idnet.disclosure.requests.domain;

import java.util.UUID;
import java.time.Instant;

/** A disclosure package as stored: the fields sealed by the package cipher, bound to the request id. */
public record SealedPackage(UUID requestId, byte[] sealed, Instant disclosedAt, Instant expiresAt) {
}
