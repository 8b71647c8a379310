package org.idnet.gateway.docs;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The issuer's token endpoint, for the document's client-credentials flow: the
 * {@code token_endpoint} of its OIDC discovery document, read at the first request for the
 * document and kept. While the issuer cannot be asked, Keycloak's endpoint
 * ({@code <issuer>/protocol/openid-connect/token}, production's issuer) stands in and discovery
 * is tried again after a while; the document never waits longer than the discovery timeout.
 */
final class IssuerTokenEndpoint {

  private static final Logger log = LoggerFactory.getLogger(IssuerTokenEndpoint.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

  private final Mono<String> tokenUrl;

  IssuerTokenEndpoint(WebClient web, String issuer) {
    String fallback = keycloakTokenEndpoint(issuer);
    this.tokenUrl = web.get().uri(issuer + "/.well-known/openid-configuration").retrieve()
        .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { })
        .timeout(TIMEOUT)
        .map(discovery -> tokenEndpoint(issuer, discovery))
        .map(Found::new)
        .onErrorResume(e -> {
          log.warn("cannot read the token endpoint from {}'s discovery document ({}); the API document names {}"
              + " until it can", issuer, e.toString(), fallback);
          return Mono.just(new Found(fallback, false));
        })
        .cache(found -> found.discovered() ? Duration.ofMillis(Long.MAX_VALUE) : RETRY_AFTER_FAILURE,
            e -> Duration.ZERO, () -> Duration.ZERO)
        .map(Found::url);
  }

  Mono<String> tokenUrl() {
    return tokenUrl;
  }

  static String keycloakTokenEndpoint(String issuer) {
    return stripSlash(issuer) + "/protocol/openid-connect/token";
  }

  private static String tokenEndpoint(String issuer, Map<String, Object> discovery) {
    if (!stripSlash(issuer).equals(stripSlash(String.valueOf(discovery.get("issuer"))))) {
      throw new IllegalStateException("the discovery document names another issuer");
    }
    if (!(discovery.get("token_endpoint") instanceof String url) || !isHttp(url)) {
      throw new IllegalStateException("the discovery document has no http(s) token_endpoint");
    }
    return url;
  }

  private static boolean isHttp(String url) {
    try {
      String scheme = URI.create(url).getScheme();
      return "https".equals(scheme) || "http".equals(scheme);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private record Found(String url, boolean discovered) {
    Found(String url) {
      this(url, true);
    }
  }
}
