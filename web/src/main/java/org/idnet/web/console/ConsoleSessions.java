package org.idnet.web.console;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The signed-in official of a console request: their access token (refreshed with the refresh
 * token when it is about to expire) and what it says. A refresh the issuer refuses, or a session
 * without tokens, is {@link SignInAgain}: the page ends the session.
 */
public final class ConsoleSessions {

  private final ReactiveOAuth2AuthorizedClientManager clients;

  ConsoleSessions(ReactiveOAuth2AuthorizedClientManager clients) {
    this.clients = clients;
  }

  /**
   * @param staff the access token's claims
   * @param accessToken sent as Bearer to the gateway
   * @param user the ID token's person ({@code sub}, {@code auth_time}, {@code amr})
   */
  public record SignedIn(Staff staff, String accessToken, OidcUser user) {

    public String idToken() {
      return user.getIdToken().getTokenValue();
    }
  }

  public Mono<SignedIn> current(ServerWebExchange exchange) {
    return ReactiveSecurityContextHolder.getContext()
        .mapNotNull(context -> context.getAuthentication())
        .filter(OAuth2AuthenticationToken.class::isInstance)
        .cast(OAuth2AuthenticationToken.class)
        .switchIfEmpty(Mono.error(SignInAgain::new))
        .flatMap(authentication -> clients.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(ConsoleSecurityConfiguration.REGISTRATION)
                .principal(authentication)
                .attribute(ServerWebExchange.class.getName(), exchange)
                .build())
            .onErrorMap(e -> new SignInAgain())
            .switchIfEmpty(Mono.error(SignInAgain::new))
            .map(client -> new SignedIn(Staff.of(client.getAccessToken().getTokenValue()),
                client.getAccessToken().getTokenValue(), (OidcUser) authentication.getPrincipal())));
  }
}
