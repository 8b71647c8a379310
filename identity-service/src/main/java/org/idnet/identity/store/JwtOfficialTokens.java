package org.idnet.identity.store;

import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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
 * refresh interval, so a token of a key still published is always within that bound once fetched.
 *
 * <p>What was fetched last may be older than the token, though (the issuer cannot be reached, a
 * fetch ran late, or the key was published after the last fetch). Such a token is not judged yet
 * ({@link KeysPending}, which disclosure-service retries) rather than refused: its key is unseen and
 * no fetch since the token's issue could have shown it, or its key was in the latest fetch of all
 * (still published, as far as anyone knows). Only a fetch after the token's issue that did not list
 * the key, or that listed it no more, refuses it for good.
 */
public final class JwtOfficialTokens implements OfficialTokens {

  private static final String KEYS_UNAVAILABLE = "keys-unavailable";
  private static final String SIGNATURE = "signature";

  private final EvidenceVerifier verifier;
  private final KeySightings sightings;
  private final Duration refreshEvery;
  private final Duration skew;

  public JwtOfficialTokens(EvidenceVerifier verifier, KeySightings sightings, Duration refreshEvery,
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
      // No key to check it with: keys never fetched, or a key id neither fetched nor archived.
      if (KEYS_UNAVAILABLE.equals(e.check()) || SIGNATURE.equals(e.check()) && unseen(token)) {
        throw unseenKey(parse(token));
      }
      throw new InvalidToken(e.check() + ": " + e.getMessage());
    }
    SignedJWT jwt = parse(evidence.token());
    String keyId = jwt.getHeader().getKeyID();
    if (keyId == null) {
      throw new InvalidToken("key-id: the evidence names no signing key");
    }
    Optional<Instant> seen = sightings.lastSeen(keyId);
    if (seen.isEmpty()) {
      throw unseenKey(jwt);
    }
    Instant lastSeen = seen.get();
    if (evidence.issuedAt().isAfter(lastSeen.plus(refreshEvery).plus(skew))) {
      if (sightings.latest().map(latest -> !lastSeen.isBefore(latest)).orElse(true)) {
        throw new KeysPending("key-pending: the evidence is newer than the last fetch of the issuer's keys, which"
            + " still listed its key");
      }
      throw new InvalidToken("key-retired: the evidence was issued after its key was last published by the issuer");
    }
    return new OfficialToken(evidence.official(), evidence.agencyId(), evidence.roles(), evidence.issuedAt(),
        evidence.expiresAt(), signingInput(jwt));
  }

  /** Whether the token names a key id the archive does not hold (or names none). */
  private boolean unseen(String token) {
    String keyId = parse(token).getHeader().getKeyID();
    return keyId == null || sightings.lastSeen(keyId).isEmpty();
  }

  /**
   * A token whose key was never seen: pending while no fetch after its issue (and the skew) could
   * have shown the key, refused once one did not. Its issue time is read unverified: a forger may
   * state any, which buys retries until disclosure-service's release horizon, never a release.
   */
  private RuntimeException unseenKey(SignedJWT jwt) {
    Instant issued = issuedAt(jwt);
    if (issued == null) {
      return new InvalidToken("issued-at: the evidence has no issue time");
    }
    Optional<Instant> latest = sightings.latest();
    if (latest.isEmpty() || !latest.get().isAfter(issued.plus(skew))) {
      return new KeysPending("key-pending: the evidence's signing key was not published when the issuer's keys were"
          + " last fetched, before the evidence was issued");
    }
    return new InvalidToken("key-unseen: the issuer did not publish the evidence's signing key after it was issued");
  }

  private static Instant issuedAt(SignedJWT jwt) {
    try {
      return jwt.getJWTClaimsSet().getIssueTime() == null ? null : jwt.getJWTClaimsSet().getIssueTime().toInstant();
    } catch (ParseException e) {
      return null;
    }
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
    } catch (ParseException | RuntimeException e) {
      throw new InvalidToken("malformed: the evidence is not a signed JWT");
    }
  }
}
