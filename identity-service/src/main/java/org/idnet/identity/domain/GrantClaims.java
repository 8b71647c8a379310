package org.idnet.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a signed grant says, decoded but not yet checked: {@link IdentityRelease} checks every part
 * before anything is read. A missing timestamp decodes as the epoch, which no check accepts.
 */
public record GrantClaims(String grantId, String requestId, String platformId, String accountId,
    List<GrantedField> fields, Instant issuedAt, Instant expiresAt, String audience) {

  public GrantClaims {
    fields = List.copyOf(fields);
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
