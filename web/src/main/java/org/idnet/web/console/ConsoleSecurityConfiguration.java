package org.idnet.web.console;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.idnet.web.config.OutboundTrust;
import org.idnet.web.config.WebProperties;
import org.idnet.web.errors.RefusalPages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoderFactory;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The console's login (docs/pages.md section 4.2), only when {@code idnet.web.console.enabled}: its
 * own filter chain for {@code /console/**} and the OAuth 2.0 login routes, before the pages' chain.
 * Authorization code with PKCE (S256) against the realm's client {@code idnet-console}, scope
 * {@code openid idnet}; the browser goes to the public issuer, the web to the internal one. The
 * tokens live in the sealed server-side session only ({@link WebSessionServerOAuth2AuthorizedClientRepository}
 * over the web's Redis session store) and are refreshed with the refresh token. Every call the web
 * makes to the issuer (code exchange, refresh, the ID token's keys) goes over {@link OutboundTrust}
 * ({@code idnet.web.trust-file}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "idnet.web.console.enabled", havingValue = "true")
public class ConsoleSecurityConfiguration {

  public static final String REGISTRATION = "idnet-console";
  public static final String LOGIN = "/oauth2/authorization/" + REGISTRATION;
  public static final String SIGNED_OUT = "/console/signed-out";

  @Bean
  ReactiveClientRegistrationRepository consoleRegistrations(ConsoleProperties console, WebProperties web) {
    ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION)
        .clientId(console.clientId())
        .clientSecret(console.clientSecret())
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
        .redirectUri(web.publicUrl().resolve("/login/oauth2/code/" + REGISTRATION).toString())
        .scope("openid", "idnet")
        .issuerUri(console.issuer().toString())
        .authorizationUri(console.authorizationUri().toString())
        .tokenUri(console.tokenUri().toString())
        .jwkSetUri(console.jwkSetUri().toString())
        .userNameAttributeName("sub")
        .providerConfigurationMetadata(java.util.Map.of("end_session_endpoint", console.endSessionUri().toString()))
        .build();
    return new InMemoryReactiveClientRegistrationRepository(registration);
  }

  @Bean
  ServerOAuth2AuthorizedClientRepository consoleAuthorizedClients() {
    return new WebSessionServerOAuth2AuthorizedClientRepository();
  }

  /**
   * The code exchange at the (internal) token endpoint over the web's trusted connector; oauth2Login
   * takes it as a bean ({@code ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest>}).
   */
  @Bean
  ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> consoleCodeExchange(OutboundTrust trust) {
    WebClientReactiveAuthorizationCodeTokenResponseClient client = new WebClientReactiveAuthorizationCodeTokenResponseClient();
    client.setWebClient(WebClient.builder().clientConnector(trust).build());
    return client;
  }

  /**
   * The ID token's decoder for oauth2Login (a {@code ReactiveJwtDecoderFactory<ClientRegistration>} bean):
   * the realm's keys fetched over the trusted connector, and Spring's OIDC checks kept (issuer,
   * audience, azp, expiry and issue time: {@link OidcIdTokenValidator}, claims typed as OIDC's).
   */
  @Bean
  ReactiveJwtDecoderFactory<ClientRegistration> consoleIdTokenDecoders(OutboundTrust trust) {
    WebClient keys = WebClient.builder().clientConnector(trust).build();
    Map<String, ReactiveJwtDecoder> decoders = new ConcurrentHashMap<>();
    return registration -> decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
      NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
          .withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
          .jwsAlgorithm(SignatureAlgorithm.RS256)
          .webClient(keys)
          .build();
      decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
          new OidcIdTokenValidator(registration)));
      decoder.setClaimSetConverter(new ClaimTypeConverter(ReactiveOidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
      return decoder;
    });
  }

  @Bean
  ReactiveOAuth2AuthorizedClientManager consoleClientManager(ReactiveClientRegistrationRepository registrations,
      ServerOAuth2AuthorizedClientRepository clients, OutboundTrust trust) {
    DefaultReactiveOAuth2AuthorizedClientManager manager = new DefaultReactiveOAuth2AuthorizedClientManager(registrations,
        clients);
    WebClientReactiveRefreshTokenTokenResponseClient refreshClient = new WebClientReactiveRefreshTokenTokenResponseClient();
    refreshClient.setWebClient(WebClient.builder().clientConnector(trust).build());
    manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
        .authorizationCode()
        .refreshToken(refresh -> refresh.clockSkew(Duration.ofSeconds(30)).accessTokenResponseClient(refreshClient))
        .build());
    return manager;
  }

  @Bean
  ConsoleGateway consoleGateway(WebProperties web, OutboundTrust trust) {
    return new ConsoleGateway(WebClient.builder().clientConnector(trust), web.gatewayUrl().toString(),
        Duration.ofSeconds(5));
  }

  @Bean
  ConsoleSessions consoleSessions(ReactiveOAuth2AuthorizedClientManager manager) {
    return new ConsoleSessions(manager);
  }

  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE + 100)
  SecurityWebFilterChain console(ServerHttpSecurity http, ReactiveClientRegistrationRepository registrations,
      ServerOAuth2AuthorizedClientRepository clients) {
    return http
        .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**", "/oauth2/**", "/login/**"))
        .headers(headers -> headers.disable())
        .csrf(csrf -> csrf.accessDeniedHandler(RefusalPages.CSRF_REFUSED))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(new WebSessionServerSecurityContextRepository())
        .oauth2Login(login -> login
            .clientRegistrationRepository(registrations)
            .authorizedClientRepository(clients)
            .authorizationRequestResolver(new FreshLoginResolver(registrations))
            .authenticationSuccessHandler(afterLogin())
            .authenticationFailureHandler(new RedirectServerAuthenticationFailureHandler(SIGNED_OUT + "?failed")))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN)))
        .authorizeExchange(exchanges -> exchanges
            .pathMatchers(SIGNED_OUT).permitAll()
            .pathMatchers("/oauth2/**", "/login/**").permitAll()
            .anyExchange().authenticated())
        .build();
  }

  /** Back from the issuer: to the approval under way when a fresh login was asked for, else the menu. */
  private static ServerAuthenticationSuccessHandler afterLogin() {
    return (filterExchange, authentication) -> filterExchange.getExchange().getSession().flatMap(session -> {
      FreshLogin.Marker marker = session.getAttribute(FreshLogin.ATTRIBUTE);
      String target = marker != null && marker.confirmedAt() == null
          ? "/console/requests/" + marker.requestId() + "/approve/confirm" : "/console";
      var response = filterExchange.getExchange().getResponse();
      response.setStatusCode(HttpStatus.SEE_OTHER);
      response.getHeaders().setLocation(URI.create(target));
      return Mono.<Void>empty();
    });
  }
}
