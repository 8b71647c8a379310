package org.idnet.web.console;

import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The authorization request of the console: Spring's (PKCE S256, state, nonce), plus
 * {@code prompt=login&max_age=0} only when the link names the session's fresh-login marker
 * ({@code ?fresh=<nonce>}, set by {@code GET /console/requests/{id}/approve}): the issuer then asks
 * for the password and the OTP again, whatever its own session.
 */
final class FreshLoginResolver implements ServerOAuth2AuthorizationRequestResolver {

  private final DefaultServerOAuth2AuthorizationRequestResolver delegate;

  FreshLoginResolver(ReactiveClientRegistrationRepository registrations) {
    this.delegate = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
  }

  @Override
  public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange) {
    return delegate.resolve(exchange).flatMap(request -> fresh(exchange, request));
  }

  @Override
  public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange, String clientRegistrationId) {
    return delegate.resolve(exchange, clientRegistrationId).flatMap(request -> fresh(exchange, request));
  }

  private static Mono<OAuth2AuthorizationRequest> fresh(ServerWebExchange exchange, OAuth2AuthorizationRequest request) {
    String asked = exchange.getRequest().getQueryParams().getFirst("fresh");
    if (asked == null) {
      return Mono.just(request);
    }
    return exchange.getSession().map(session -> {
      FreshLogin.Marker marker = session.getAttribute(FreshLogin.ATTRIBUTE);
      if (marker == null || marker.confirmedAt() != null || !marker.nonce().equals(asked)) {
        return request;
      }
      return withFreshLogin(request);
    });
  }

  static OAuth2AuthorizationRequest withFreshLogin(OAuth2AuthorizationRequest request) {
    String uri = UriComponentsBuilder.fromUriString(request.getAuthorizationRequestUri())
        .queryParam("prompt", "login").queryParam("max_age", "0").build(true).toUriString();
    return OAuth2AuthorizationRequest.from(request)
        .additionalParameters(parameters -> {
          parameters.put("prompt", "login");
          parameters.put("max_age", "0");
        })
        .authorizationRequestUri(uri)
        .build();
  }
}
