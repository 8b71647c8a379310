package org.idnet.caller.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the services' check of an official's own token (x-idnet-evidence): whatever arrives is
 * evidence or refused with {@link InvalidEvidenceException} naming one of the documented checks,
 * never another exception; and evidence is only ever a token that security.md allows.
 */
class EvidenceVerifierFuzzTest {

  static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  static final String ISSUER = "https://issuer.fuzz.invalid/realms/idnet";
  static final Set<String> CHECKS = Set.of("missing", "malformed", "keys-unavailable", "signature", "issuer",
      "audience", "expired", "not-yet-valid");
  static RSAKey key;
  static EvidenceVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("fuzz-key").generate();
    verifier = new EvidenceVerifier(new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), ISSUER, "idnet",
        Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));
    // A genuine token must be evidence, or the properties of evidence would hold vacuously.
    assertThat(judge(sign("{\"alg\":\"RS256\",\"kid\":\"fuzz-key\"}".getBytes(StandardCharsets.UTF_8),
        "{\"iss\":\"@iss\",\"aud\":[\"idnet\"],\"iat\":\"@now\",\"exp\":\"@exp\",\"azp\":\"a\"}"
            .getBytes(StandardCharsets.UTF_8)), true)).isNotNull();
  }

  /** Any text as the token (UTF-8), checked as it arrives (lifetime included). */
  @FuzzTest
  void anyTokenIsEvidenceOrRefusedWithACheck(byte[] input) {
    judge(new String(input, StandardCharsets.UTF_8), true);
  }

  /**
   * Any JOSE header and claims, signed with the issuer's key so that only they decide. The input is
   * the header, NUL, the claims (without NUL: a default RS256 header, the whole input as claims);
   * "@iss", "@now" and "@exp" with their quotes stand for the issuer, NOW and NOW + 5 minutes. The
   * last byte chooses whether the lifetime is checked (as it arrives) or not (after the fact).
   */
  @FuzzTest
  void signedClaimsAreEvidenceOnlyWhenValid(byte[] input) throws Exception {
    boolean lifetime = input.length == 0 || (input[input.length - 1] & 1) == 0;
    byte[] rest = input.length == 0 ? input : Arrays.copyOf(input, input.length - 1);
    int nul = -1;
    for (int i = 0; i < rest.length && nul < 0; i++) {
      nul = rest[i] == 0 ? i : -1;
    }
    byte[] header = nul < 0 ? "{\"alg\":\"RS256\",\"kid\":\"fuzz-key\"}".getBytes(StandardCharsets.UTF_8)
        : Arrays.copyOf(rest, nul);
    byte[] claims = nul < 0 ? rest : Arrays.copyOfRange(rest, nul + 1, rest.length);
    String token = sign(header, claims);
    Evidence evidence = judge(token, lifetime);
    if (evidence == null) {
      return;
    }
    JWTClaimsSet set = SignedJWT.parse(token).getJWTClaimsSet();
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isIn("RS256");
    assertThat(set.getIssuer()).isEqualTo(ISSUER);
    assertThat(set.getAudience()).contains("idnet");
    assertThat(evidence.issuedAt()).isNotNull();
    assertThat(evidence.expiresAt()).isNotNull();
    if (lifetime) {
      assertThat(NOW).isBefore(evidence.expiresAt().plusSeconds(30));
      assertThat(evidence.issuedAt()).isBeforeOrEqualTo(NOW.plusSeconds(30));
      if (set.getNotBeforeTime() != null) {
        assertThat(set.getNotBeforeTime().toInstant()).isBeforeOrEqualTo(NOW.plusSeconds(30));
      }
    }
    assertThat(evidence.clientId()).isNotBlank().isEqualTo(set.getClaim("azp"));
    Object name = set.getClaim("preferred_username");
    assertThat(evidence.official()).isEqualTo(name instanceof String s && !s.isBlank() ? s
        : "service-account-" + evidence.clientId());
    assertThat(evidence.roles()).noneMatch(role -> role.startsWith("internal:"));
    if (!evidence.roles().isEmpty()) {
      assertThat(set.getClaim("realm_access")).isInstanceOf(Map.class);
      assertThat(((Map<?, ?>) set.getClaim("realm_access")).get("roles")).isInstanceOf(Collection.class);
    }
    assertThat(evidence.toString()).doesNotContain(token);
  }

  private static Evidence judge(String token, boolean lifetime) {
    try {
      return verifier.verify(token, lifetime);
    } catch (InvalidEvidenceException refused) {
      assertThat(CHECKS).contains(refused.check());
      assertThat(refused.getMessage()).doesNotContain(token.length() > 8 ? token : "\u0000never");
      return null;
    }
  }

  static String sign(byte[] header, byte[] claims) throws Exception {
    String text = new String(claims, StandardCharsets.ISO_8859_1).replace("\"@iss\"", "\"" + ISSUER + "\"")
        .replace("\"@now\"", Long.toString(NOW.getEpochSecond()))
        .replace("\"@exp\"", Long.toString(NOW.getEpochSecond() + 300));
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String input = b64.encodeToString(header) + "." + b64.encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initSign(key.toPrivateKey());
    rsa.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(rsa.sign());
  }
}
