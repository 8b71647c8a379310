package org.idnet.web.security;

import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The headers of every answer, pages, errors and refusals alike (docs/pages.md section 3.5). Runs
 * before Spring Security, whose own header writers are off, so one place says them all. Answers are
 * {@code no-store} except the stylesheet and the transparency page (public, the same for everyone,
 * never carrying a session: {@code TransparencyPagesTest} checks it).
 */
public final class SecurityHeaders implements WebFilter, Ordered {

  public static final int ORDER = -300;
  /** Public paths that may be kept by caches, with how long. */
  private static final Set<String> CACHEABLE = Set.of("/idnet.css", "/transparency");

  private final boolean hsts;

  public SecurityHeaders(boolean hsts) {
    this.hsts = hsts;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpResponse response = exchange.getResponse();
    response.beforeCommit(() -> {
      HttpHeaders headers = response.getHeaders();
      headers.set("Content-Security-Policy", ContentSecurityPolicy.header(exchange));
      headers.set("X-Content-Type-Options", "nosniff");
      // same-origin, not no-referrer: under no-referrer Chromium sends "Origin: null" with the
      // pages' own form posts (Fetch: a non-GET request's origin follows the referrer policy), which
      // SameOriginPosts refuses. Other origins (the platform after "finish") still get no Referer.
      headers.set("Referrer-Policy", "same-origin");
      headers.set("Cross-Origin-Opener-Policy", "same-origin");
      headers.set("Cross-Origin-Resource-Policy", "same-origin");
      headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
      headers.set("X-Frame-Options", "DENY");
      if (hsts) {
        headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
      }
      boolean cacheable = CACHEABLE.contains(exchange.getRequest().getPath().value())
          && response.getStatusCode() != null && response.getStatusCode().value() == 200
          && response.getCookies().isEmpty() && !headers.containsHeader(HttpHeaders.SET_COOKIE);
      if (cacheable) {
        headers.set(HttpHeaders.CACHE_CONTROL, "public, max-age=60");
        // The language follows these two: a shared cache keeps one copy per language.
        headers.set(HttpHeaders.VARY, "Accept-Language, Cookie");
        headers.remove(HttpHeaders.PRAGMA);
        headers.remove(HttpHeaders.EXPIRES);
      } else {
        headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
      }
      return Mono.empty();
    });
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
