package org.idnet.identity.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.idnet.caller.evidence.EvidenceVerifier;
import org.idnet.identity.domain.OfficialToken;
import org.junit.jupiter.api.Test;

/**
 * What names a token as spent evidence: its signing input, not its string. An ES256 signature
 * (r, s) has a twin (r, n - s) that verifies as well (ECDSA is malleable, and the JWT library does
 * not insist on low s), so anyone holding a token can make another string of it without the key.
 */
class JwtOfficialTokensTest {

  static final String ISSUER = "https://issuer.example/realms/idnet";

  @Test
  void anEcdsaSignatureTwinIsAnotherStringOfTheSameToken() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    JwtOfficialTokens tokens = new JwtOfficialTokens(new EvidenceVerifier(
        new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), ISSUER, "idnet", Clock.systemUTC(), Duration.ofSeconds(5)),
        seenNow(), Duration.ofMinutes(5), Duration.ofSeconds(5));
    Instant now = Instant.now();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).audience("idnet").issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(300))).claim("azp", "agency-portal")
            .claim("preferred_username", "supervisor-1").claim("agency_id", "agency-1")
            .claim("realm_access", Map.of("roles", List.of("agency-supervisor"))).build());
    jwt.sign(new ECDSASigner(key));
    String token = jwt.serialize();
    String twin = token.substring(0, token.lastIndexOf('.') + 1) + Base64URL.encode(twin(jwt.getSignature().decode()));

    OfficialToken original = tokens.verify(token);
    OfficialToken malleated = tokens.verify(twin);

    assertThat(twin).isNotEqualTo(token);
    assertThat(malleated.signingInput()).isEqualTo(original.signingInput())
        .isEqualTo(token.substring(0, token.lastIndexOf('.')));
    assertThat(tokens.verify("  " + token).signingInput()).isEqualTo(original.signingInput());
  }

  /** Every key seen published just now, in the latest fetch. */
  static KeySightings seenNow() {
    Instant now = Instant.now();
    return new KeySightings() {
      @Override
      public java.util.Optional<Instant> lastSeen(String keyId) {
        return java.util.Optional.of(now);
      }

      @Override
      public java.util.Optional<Instant> latest() {
        return java.util.Optional.of(now);
      }
    };
  }

  /** (r, s) to (r, n - s), each 32 bytes big-endian as JWS writes them. */
  private static byte[] twin(byte[] signature) {
    BigInteger n = Curve.P_256.toECParameterSpec().getOrder();
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    byte[] flipped = n.subtract(s).toByteArray();
    byte[] out = signature.clone();
    Arrays.fill(out, 32, 64, (byte) 0);
    int length = Math.min(flipped.length, 32);
    System.arraycopy(flipped, flipped.length - length, out, 64 - length, length);
    return out;
  }
}
