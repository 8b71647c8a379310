package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Set;

/**
 * An official's access token whose signature, issuer and audience verified (not its expiry: it is
 * evidence of something that happened, checked after the fact), with the claims four eyes needs.
 *
 * @param official preferred_username, the name disclosure requests use
 * @param signingInput the JWS signing input ({@code header.payload}) the signature verified over:
 *     what identifies the token ({@link ApprovalEvidence})
 */
public record OfficialToken(String official, String agencyId, Set<String> roles, Instant issuedAt,
    Instant expiresAt, String signingInput) {

  public OfficialToken {
    roles = Set.copyOf(roles);
  }

  @Override
  public String toString() {
    return "OfficialToken[official=" + official + ", agencyId=" + agencyId + ", roles=" + roles + ", issuedAt="
        + issuedAt + "]";
  }
}
