package org.idnet.identity.domain;

import java.time.Instant;
import java.util.List;

/**
 * The disclosure request as it was filed, as a grant states it (the contract's {@code FiledRequest}):
 * what the digest covers, and what the officials' tokens are checked against.
 *
 * @param requestedBy the filing officer's name (preferred_username)
 * @param dueAt undecided by then the request expired; evidence issued after it proves nothing
 */
public record FiledClaims(String requestId, String agencyId, String requestedBy, String platformId, String accountId,
    List<GrantedField> fields, boolean emergency, Instant filedAt, Instant dueAt) {

  public FiledClaims {
    fields = List.copyOf(fields);
  }
}
