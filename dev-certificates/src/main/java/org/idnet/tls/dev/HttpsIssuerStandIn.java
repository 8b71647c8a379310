package org.idnet.tls.dev;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An OIDC issuer over HTTPS on a real socket, for the tests of a trust file: its certificate comes
 * from a development "store CA" (as an in-cluster Keycloak's does), and beside it a second issuer
 * whose certificate the same CA issued for another host (in a cluster: a store's key answering as
 * Keycloak). Both serve the same discovery document and keys, so a refusal of the second can only
 * come from the name check. Also writes the store CA and an unrelated CA as PEM files.
 */
public final class HttpsIssuerStandIn implements AutoCloseable {

  private static final String REALM = "/realms/idnet";

  private final HttpsServer server;
  private final HttpsServer misnamed;
  private final String issuer;
  private final String misnamedIssuer;
  private final Path storeCa;
  private final Path otherCa;

  /**
   * @param directory where the two CA files are written ({@code store/} and {@code other/})
   * @param jwks the JSON Web Key Set both issuers serve
   */
  public HttpsIssuerStandIn(Path directory, String jwks) throws IOException {
    DevelopmentCa ca = DevelopmentCa.create("store-ca", Duration.ofDays(1));
    DevelopmentCa.Issued keycloak = ca.issueServer(Duration.ofDays(1), "localhost");
    DevelopmentCa.Issued store = ca.issueServer(Duration.ofDays(1), "redis-sentinel");
    storeCa = keycloak.writeTo(directory.resolve("store")).resolve(DevelopmentCa.CA);
    otherCa = DevelopmentCa.create("other-ca", Duration.ofDays(1)).issueServer(Duration.ofDays(1), "localhost")
        .writeTo(directory.resolve("other")).resolve(DevelopmentCa.CA);
    server = start(keycloak, jwks);
    issuer = issuerOf(server);
    misnamed = start(store, jwks);
    misnamedIssuer = issuerOf(misnamed);
  }

  private static HttpsServer start(DevelopmentCa.Issued certificate, String jwks) throws IOException {
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    String issuer = issuerOf(https);
    https.createContext(REALM + "/.well-known/openid-configuration", exchange -> reply(exchange,
        "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/protocol/openid-connect/certs\"}"));
    https.createContext(REALM + "/protocol/openid-connect/certs", exchange -> reply(exchange, jwks));
    https.start();
    return https;
  }

  private static String issuerOf(HttpsServer https) {
    return "https://localhost:" + https.getAddress().getPort() + REALM;
  }

  private static void reply(HttpExchange exchange, String body) {
    try (exchange) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The issuer whose certificate names {@code localhost}, as its URL says. */
  public String issuer() {
    return issuer;
  }

  /** The issuer answering with the same CA's certificate for another host. */
  public String misnamedIssuer() {
    return misnamedIssuer;
  }

  /** The CA that issued both issuers' certificates, as a PEM file. */
  public Path storeCa() {
    return storeCa;
  }

  /** A CA that issued neither, as a PEM file. */
  public Path otherCa() {
    return otherCa;
  }

  @Override
  public void close() {
    server.stop(0);
    misnamed.stop(0);
  }
}
