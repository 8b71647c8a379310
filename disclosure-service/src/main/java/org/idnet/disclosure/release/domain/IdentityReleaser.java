package org.idnet.disclosure.release.domain;

/** identity-service's release of identity data against a grant. */
public interface IdentityReleaser {

  /**
   * @throws IdentityUnavailableException identity-service did not answer (down, deadline): try
   *     again later with a new grant; the request stays APPROVED
   * @throws GrantRefusedException identity-service refused the grant, naming the failed check:
   *     for good ({@link GrantRefusedException#isFinal()}: the request's own evidence), or for a
   *     reason an operator may fix (a key mix-up, clocks, the issuer's keys), where retrying with a
   *     new grant is safe
   */
  ReleaseOutcome release(SignedGrant grant);
}
