package org.idnet.gateway.limits;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.idnet.caller.Caller;
import org.idnet.gateway.hosted.HostedSessionCaller;
import org.idnet.gateway.security.TokenCaller;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Rate limits count per client: the token's {@code azp} for a service account, {@code azp} and
 * the official's name for a person (see {@link TokenCaller#rateLimitKey}). Public routes, called
 * without a token, count per remote address. A hosted session (resolved before the limiter by
 * {@link HostedSessionCaller}) counts under its platform's key, not idnet's pages' own, so one
 * platform's users cannot exhaust another's.
 */
public final class ClientKeyResolver implements KeyResolver {

  private final ClientAddress addresses;

  /** @param addresses the address a tokenless request counts against (the socket's, or a trusted proxy's word) */
  public ClientKeyResolver(ClientAddress addresses) {
    this.addresses = addresses;
  }

  /** The bucket key of a token's client (and person). */
  public static String keyOf(Jwt jwt) {
    return TokenCaller.rateLimitKey(jwt);
  }

  /** The bucket key of a hosted session: its platform's, as if the platform called itself. */
  public static String keyOf(Caller session) {
    return "client:" + URLEncoder.encode(session.clientId(), StandardCharsets.UTF_8);
  }

  @Override
  public Mono<String> resolve(ServerWebExchange exchange) {
    Optional<Caller> session = HostedSessionCaller.of(exchange);
    if (session.isPresent()) {
      return Mono.just(keyOf(session.get()));
    }
    return exchange.getPrincipal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> keyOf(((JwtAuthenticationToken) p).getToken()))
        .switchIfEmpty(Mono.fromSupplier(() -> {
          var address = addresses.of(exchange.getRequest());
          return "anonymous:" + (address == null ? "unknown" : address.getHostAddress());
        }));
  }
}
