package org.idnet.k8s;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Keycloak's in-cluster HTTPS service ({@code keycloak-service:8443}) on this machine: serves the
 * issuer's JWKS ({@code .../protocol/openid-connect/certs}) over TLS with a certificate from the CA
 * the manifests mount for the issuer, taking the keys from the OIDC mock behind it. Counts the
 * requests, so the test sees that a service fetched its keys this way (TLS verified against the
 * mounted CA, by host name) and not otherwise.
 */
final class IssuerTlsFront implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final HttpsServer server;
  private final AtomicInteger served = new AtomicInteger();

  IssuerTlsFront(SSLContext tls, URI jwks) {
    try {
      server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!exchange.getRequestURI().getPath().endsWith("/protocol/openid-connect/certs")) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        HttpResponse<byte[]> keys = HTTP.send(HttpRequest.newBuilder(jwks).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(keys.statusCode(), keys.body().length);
        exchange.getResponseBody().write(keys.body());
        served.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
      }
    });
    server.start();
  }

  /** host:port, as {@code keycloak-service:8443} is rewritten to (the certificate names localhost). */
  String hostPort() {
    return "localhost:" + server.getAddress().getPort();
  }

  /** JWKS responses served so far. */
  int served() {
    return served.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
