package org.idnet.disclosure.release.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a disclosure request's digest covers: the request exactly as filed. The grant carries it so
 * that identity-service can recompute the digest the supervisor approved (the contract's
 * {@code FiledRequest}, whose deterministic serialization is hashed).
 *
 * @param fields in the order asked
 * @param filedAt whole microseconds, as stored
 */
public record FiledRequest(UUID requestId, String agencyId, String requestedBy, String platformId, String accountId,
    String legalBasis, List<IdentityField> fields, String caseReference, boolean emergency, Instant filedAt,
    Instant dueAt) {

  public FiledRequest {
    fields = List.copyOf(fields);
  }

  @Override
  public String toString() {
    // Case references may name people.
    return "FiledRequest[requestId=" + requestId + "]";
  }
}
