package org.idnet.identity.evidence;

import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
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
 *
 * <p>A key the issuer no longer publishes signs no new evidence: a token issued later than its
 * key's last sighting in the issuer's JWKS plus the refresh interval (and the skew) is refused, so a
 * retired key that leaked signs nothing dated after it was retired. The JWKS is fetched every
 * refresh interval, so a token of a key still published is always within that bound once fetched;
 * while the issuer cannot be reached, newer tokens wait (disclosure-service retries the release).
 */
public final class IssuerOfficialTokens implements OfficialTokens {

  private final EvidenceVerifier verifier;
  private final KeySightings sightings;
  private final Duration refreshEvery;
  private final Duration skew;

  public IssuerOfficialTokens(EvidenceVerifier verifier, KeySightings sightings, Duration refreshEvery,
      Duration skew) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.sightings = Objects.requireNonNull(sightings, "sightings");
    this.refreshEvery = Objects.requireNonNull(refreshEvery, "refreshEvery");
    this.skew = Objects.requireNonNull(skew, "skew");
  }

  @Override
  public OfficialToken verify(String token) {
    Evidence evidence;
    try {
      evidence = verifier.verify(token, false);
    } catch (InvalidEvidenceException e) {
      throw new InvalidToken(e.check() + ": " + e.getMessage());
    }
    SignedJWT jwt = parse(evidence.token());
    String keyId = jwt.getHeader().getKeyID();
    if (keyId == null) {
      throw new InvalidToken("key-id: the evidence names no signing key");
    }
    Instant lastSeen = sightings.lastSeen(keyId)
        .orElseThrow(() -> new InvalidToken("key-unseen: the signing key is not in the archive"));
    if (evidence.issuedAt().isAfter(lastSeen.plus(refreshEvery).plus(skew))) {
      throw new InvalidToken("key-retired: the evidence was issued after its key was last published by the issuer");
    }
    return new OfficialToken(evidence.official(), evidence.agencyId(), evidence.roles(), evidence.issuedAt(),
        evidence.expiresAt(), signingInput(jwt));
  }

  /**
   * The signing input as the JWT library read it when the signature verified: the library trims the
   * string and decodes the signature leniently, so " " + token, or a signature segment with other
   * trailing bits, verifies too. The signing input is the same for all of them.
   */
  static String signingInput(SignedJWT jwt) {
    return new String(jwt.getSigningInput(), StandardCharsets.US_ASCII);
  }

  private static SignedJWT parse(String token) {
    try {
      return SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new InvalidToken("malformed: the evidence is not a signed JWT");
    }
  }
}
