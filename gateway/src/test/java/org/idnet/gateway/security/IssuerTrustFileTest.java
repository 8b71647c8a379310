package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import org.idnet.caller.evidence.IssuerTrust;
import org.idnet.tls.dev.HttpsIssuerStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS issuer stand-in on a real socket, its certificate from a development CA (as an in-cluster
 * {@code https://keycloak-service:8443} is signed by the store CA): the gateway takes its keys only
 * with {@code idnet.gateway.jwt.trust-file} holding that CA, from the host its certificate names (another
 * host's certificate from the same CA is refused), and reads the file again at each fetch.
 */
class IssuerTrustFileTest {

  @TempDir
  Path directory;
  private HttpsIssuerStandIn standIn;
  private String issuer;
  private String misnamedIssuer;
  private Path storeCa;
  private Path otherCa;

  @BeforeEach
  void start() throws Exception {
    standIn = new HttpsIssuerStandIn(directory,
        new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()).toString());
    issuer = standIn.issuer();
    misnamedIssuer = standIn.misnamedIssuer();
    storeCa = standIn.storeCa();
    otherCa = standIn.otherCa();
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  @Test
  void keysComeOverHttpsOnlyWhenTheTrustFileHoldsTheIssuersCa() throws Exception {
    assertThat(source(IssuerTrust.of(storeCa)).apply(token()).collectList().block()).hasSize(1);
    assertThatThrownBy(() -> source(IssuerTrust.of(null)).apply(token()).collectList().block())
        .as("the JVM's trust store").isInstanceOf(KeysUnavailableException.class);
    assertThatThrownBy(() -> source(IssuerTrust.of(otherCa)).apply(token()).collectList().block())
        .as("another CA").isInstanceOf(KeysUnavailableException.class);
  }

  @Test
  void aCertificateOfTheTrustedCaForAnotherHostIsRefused() {
    CachingJwkSource source = new CachingJwkSource(IssuerWebClients.trusting(IssuerTrust.of(storeCa)), misnamedIssuer,
        null, Clock.systemUTC(), Duration.ZERO);
    assertThatThrownBy(() -> source.apply(token()).collectList().block())
        .as("the host name is verified, not only the CA").isInstanceOf(KeysUnavailableException.class);
  }

  @Test
  void theTrustFileIsReadAgainAtEachFetch() throws Exception {
    Path file = directory.resolve("issuer-ca.crt");
    Files.copy(otherCa, file);
    CachingJwkSource source = source(IssuerTrust.of(file));
    assertThatThrownBy(() -> source.apply(token()).collectList().block()).isInstanceOf(KeysUnavailableException.class);
    Files.copy(storeCa, file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(source.fetch(true).block()).isNotNull();
    assertThat(source.apply(token()).collectList().block()).hasSize(1);
  }

  /** With a configured JWKS URI (no discovery), on the same trust. */
  @Test
  void aConfiguredJwksUriIsFetchedOnTheSameTrust() throws Exception {
    CachingJwkSource source = new CachingJwkSource(IssuerWebClients.trusting(IssuerTrust.of(storeCa)), issuer,
        issuer + "/protocol/openid-connect/certs", Clock.systemUTC(), Duration.ZERO);
    assertThat(source.apply(token()).collectList().block()).hasSize(1);
  }

  private CachingJwkSource source(IssuerTrust trust) {
    return new CachingJwkSource(IssuerWebClients.trusting(trust), issuer, null, Clock.systemUTC(), Duration.ZERO);
  }

  private static SignedJWT token() {
    return new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), new JWTClaimsSet.Builder().build());
  }
}
