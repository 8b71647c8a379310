package org.idnet.identity.evidence;

import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
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
        evidence.expiresAt(), signingInput(evidence.token()));
  }

  /**
   * The signing input as the JWT library read it when the signature verified: the library trims the
   * string and decodes the signature leniently, so " " + token, or a signature segment with other
   * trailing bits, verifies too. The signing input is the same for all of them.
   */
  static String signingInput(String token) {
    try {
      return new String(SignedJWT.parse(token).getSigningInput(), StandardCharsets.US_ASCII);
    } catch (ParseException e) {
      throw new InvalidToken("malformed: the evidence is not a signed JWT");
    }
  }
}
