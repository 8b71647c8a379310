package org.idnet.caller.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import org.idnet.tls.dev.HttpsIssuerStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS issuer stand-in (discovery and JWKS on a real socket) whose certificate comes from a
 * development CA, as an in-cluster Keycloak's comes from the store CA: its keys are fetched only
 * when the trust file holds that CA, and from the host its certificate names (another host's
 * certificate from the same CA is refused).
 */
class IssuerTrustTest {

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
  void theIssuersKeysAreFetchedWhenTheTrustFileHoldsItsCaAndRefusedWithout() {
    assertThat(keys(IssuerTrust.of(storeCa)).refresh()).isTrue();
    assertThat(keys(IssuerTrust.of(null)).refresh()).as("the JVM's trust store").isFalse();
    assertThat(keys(IssuerTrust.of(otherCa)).refresh()).as("another CA").isFalse();
    assertThat(keys(IssuerTrust.of(directory.resolve("missing.crt"))).refresh()).isFalse();
  }

  @Test
  void aCertificateOfTheTrustedCaForAnotherHostIsRefused() {
    IssuerKeys keys = new IssuerKeys(misnamedIssuer, null, null, Clock.systemUTC(), Duration.ZERO,
        Duration.ofMinutes(5), IssuerTrust.of(storeCa));
    assertThat(keys.refresh()).as("the host name is verified, not only the CA").isFalse();
  }

  @Test
  void theTrustFileIsReadAgainAtEveryFetch() throws Exception {
    Path file = directory.resolve("issuer-ca.crt");
    Files.copy(otherCa, file);
    IssuerKeys keys = keys(IssuerTrust.of(file));
    assertThat(keys.refresh()).isFalse();
    Files.copy(storeCa, file, StandardCopyOption.REPLACE_EXISTING);
    assertThat(keys.refresh()).isTrue();
  }

  @Test
  void aBundleOfSeveralCasTrustsEach() throws Exception {
    Path bundle = directory.resolve("bundle.crt");
    Files.writeString(bundle, Files.readString(otherCa) + Files.readString(storeCa));
    assertThat(keys(IssuerTrust.of(bundle)).refresh()).isTrue();
  }

  private IssuerKeys keys(IssuerTrust trust) {
    return new IssuerKeys(issuer, null, null, Clock.systemUTC(), Duration.ZERO, Duration.ofMinutes(5), trust);
  }
}
