package org.idnet.identity.evidence;

import org.idnet.caller.evidence.Evidence;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.caller.evidence.InvalidEvidenceException;
import org.idnet.identity.domain.OfficialToken;
import org.idnet.identity.domain.OfficialTokens;

/**
 * Officials' tokens checked as evidence after the fact: signature against every key the issuer
 * has published (the archive keeps rotated ones), issuer and audience; not expiry, since a release
 * may come after both tokens expired ({@link org.idnet.identity.domain.FourEyes} checks the times
 * against the request's life instead).
 */
public final class IssuerOfficialTokens implements OfficialTokens {

  private final EvidenceVerifier verifier;

  public IssuerOfficialTokens(EvidenceVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public OfficialToken verify(String token) {
    Evidence evidence;
    try {
      evidence = verifier.verify(token, false);
    } catch (InvalidEvidenceException e) {
      throw new InvalidToken(e.check() + ": " + e.getMessage());
    }
    return new OfficialToken(evidence.official(), evidence.agencyId(), evidence.roles(), evidence.issuedAt(),
        evidence.expiresAt());
  }
}
