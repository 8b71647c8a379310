package org.idnet.disclosure.requests.domain;

import java.util.UUID;

/** What an Idempotency-Key was first used for: the body's fingerprint and the request it created. */
public record RememberedKey(byte[] fingerprint, UUID requestId) {
}
