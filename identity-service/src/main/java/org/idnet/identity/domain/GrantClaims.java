package org.idnet.identity.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a signed grant says, decoded but not yet checked: {@link IdentityRelease} checks every part
 * before anything is read. A missing timestamp decodes as the epoch, which no check accepts.
 *
 * @param filed the request as filed; null when the grant carries none (refused)
 * @param digest the digest the grant states (what the supervisor approved)
 * @param recomputedDigest the digest of {@code filed}, computed from its canonical encoding
 * @param filerToken the filing officer's access token; empty when none
 * @param approverToken the approving supervisor's access token; empty when none
 */
public record GrantClaims(String grantId, String requestId, String platformId, String accountId,
    List<GrantedField> fields, Instant issuedAt, Instant expiresAt, String audience, FiledClaims filed,
    String digest, String recomputedDigest, String filerToken, String approverToken) {

  public GrantClaims {
    fields = List.copyOf(fields);
    digest = digest == null ? "" : digest;
    recomputedDigest = recomputedDigest == null ? "" : recomputedDigest;
    filerToken = filerToken == null ? "" : filerToken;
    approverToken = approverToken == null ? "" : approverToken;
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    // The tokens are bearer credentials.
    return "GrantClaims[grantId=" + grantId + ", requestId=" + requestId + "]";
  }
}
