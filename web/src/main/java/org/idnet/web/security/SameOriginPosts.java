package org.idnet.web.security;

import java.util.Set;
import org.idnet.web.errors.RefusalPages;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Besides Spring Security's CSRF token: a state-changing request whose {@code Sec-Fetch-Site} says
 * {@code cross-site}, or whose {@code Origin} is not the web's own, is refused 403 before any page
 * sees it (docs/pages.md section 3.5).
 */
public final class SameOriginPosts implements WebFilter, Ordered {

  public static final int ORDER = SecurityHeaders.ORDER + 10;
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final String origin;

  public SameOriginPosts(String origin) {
    this.origin = origin;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (SAFE.contains(exchange.getRequest().getMethod())) {
      return chain.filter(exchange);
    }
    String site = exchange.getRequest().getHeaders().getFirst("Sec-Fetch-Site");
    String from = exchange.getRequest().getHeaders().getFirst("Origin");
    if ("cross-site".equalsIgnoreCase(site) || (from != null && !from.equals(origin))) {
      return RefusalPages.refuse(HttpStatus.FORBIDDEN);
    }
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
