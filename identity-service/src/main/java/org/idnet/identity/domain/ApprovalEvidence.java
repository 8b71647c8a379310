package org.idnet.identity.domain;

import java.util.Objects;

/**
 * The approving supervisor's token, once {@link FourEyes} verified it, as the ledger spends it: one
 * token approves one request ({@link GrantRefusal#EVIDENCE_REUSED}).
 *
 * @param signingInput the token's JWS signing input ({@code header.payload}) exactly as the issuer
 *     signed it: unique to the token, where the whole string is not (a signature segment re-encoded,
 *     or an ECDSA signature's (r, n-s) twin, verifies as well). Hashed by the ledger, never stored.
 */
public record ApprovalEvidence(String signingInput) {

  public ApprovalEvidence {
    Objects.requireNonNull(signingInput, "signingInput");
    if (signingInput.isEmpty()) {
      throw new IllegalArgumentException("no signing input");
    }
  }

  @Override
  public String toString() {
    // Claims of an official (names, agency): not for a log line.
    return "ApprovalEvidence[...]";
  }
}
