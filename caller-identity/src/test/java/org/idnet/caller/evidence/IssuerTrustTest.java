package org.idnet.caller.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import org.idnet.tls.dev.DevelopmentCa;
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
  private HttpsServer server;
  private HttpsServer misnamed;
  private String issuer;
  private String misnamedIssuer;
  private Path storeCa;
  private Path otherCa;

  @BeforeEach
  void start() throws Exception {
    DevelopmentCa ca = DevelopmentCa.create("store-ca", Duration.ofDays(1));
    DevelopmentCa.Issued keycloak = ca.issueServer(Duration.ofDays(1), "localhost");
    // The same CA's certificate for another host (in a cluster: a store's key answering as Keycloak).
    misnamed = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    DevelopmentCa.Issued store = ca.issueServer(Duration.ofDays(1), "redis-sentinel");
    misnamed.setHttpsConfigurator(new HttpsConfigurator(store.serverContext()));
    misnamedIssuer = "https://localhost:" + misnamed.getAddress().getPort() + "/realms/idnet";
    misnamed.createContext("/realms/idnet/.well-known/openid-configuration", exchange -> reply(exchange,
        "{\"issuer\":\"" + misnamedIssuer + "\",\"jwks_uri\":\"" + misnamedIssuer
            + "/protocol/openid-connect/certs\"}"));
    misnamed.start();
    storeCa = keycloak.writeTo(directory.resolve("store")).resolve(DevelopmentCa.CA);
    otherCa = DevelopmentCa.create("other-ca", Duration.ofDays(1)).issueServer(Duration.ofDays(1), "localhost")
        .writeTo(directory.resolve("other")).resolve(DevelopmentCa.CA);
    String jwks = new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()).toString();
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(keycloak.serverContext()));
    issuer = "https://localhost:" + server.getAddress().getPort() + "/realms/idnet";
    server.createContext("/realms/idnet/.well-known/openid-configuration", exchange -> reply(exchange,
        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\"}"));
    server.createContext("/realms/idnet/protocol/openid-connect/certs", exchange -> reply(exchange, jwks));
    // Everything it serves would pass but for its name, so a refusal can only come from the name check.
    misnamed.createContext("/realms/idnet/protocol/openid-connect/certs", exchange -> reply(exchange, jwks));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    misnamed.stop(0);
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

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, String body) throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
