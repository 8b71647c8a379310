package org.idnet.gateway.security;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.function.Supplier;
import org.idnet.caller.evidence.IssuerTrust;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * The clients the gateway fetches the issuer's discovery document and JWKS with. With a trust file
 * ({@code idnet.gateway.jwt.trust-file}), each fetch gets a client built from the file as it is then
 * (a rotated CA is used from the next fetch), on a connection of its own (no pool kept per context:
 * fetches are a few a minute at most); without one, one shared client on the JVM's trust store.
 */
final class IssuerWebClients {

  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(3);

  private IssuerWebClients() {
  }

  static Supplier<WebClient> trusting(IssuerTrust trust) {
    if (trust.file() == null) {
      WebClient shared = web(HttpClient.create());
      return () -> shared;
    }
    return () -> {
      SslContext tls;
      try {
        tls = SslContextBuilder.forClient().trustManager(trust.trustManagers()).build();
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot read the issuer trust file " + trust.file() + ": " + e.getMessage(), e);
      }
      return web(HttpClient.newConnection().secure(spec -> spec.sslContext(tls)));
    };
  }

  private static WebClient web(HttpClient http) {
    return WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(http.responseTimeout(RESPONSE_TIMEOUT)))
        .build();
  }
}
