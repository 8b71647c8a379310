package org.idnet.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWKSecurityContext;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Set;
import java.util.List;
import org.idnet.gateway.config.GatewayProperties;
import org.idnet.gateway.errors.Problem;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.errors.Titles;
import org.idnet.gateway.hosted.HostedSessionCaller;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.redis.RedisEndpoint;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The edge's authentication and authorization. Tokens: signature against the issuer's JWKS
 * (fetched by discovery, cached, refreshed on a schedule), only RS256/ES256, {@code iss},
 * {@code aud}, {@code exp} (required) and {@code nbf} with bounded skew, idnet's claim shapes
 * ({@link ClaimsValidator}), and a client not on the deny list. Authorization: each API route
 * needs one of the roles its proto method declares; public routes need none; everything else
 * needs a valid token and then answers 404 when no route matches. Actuator paths are let through
 * to answer 404 here: they are served on the management port only. Failures are problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  private static final Duration MAX_SKEW = Duration.ofSeconds(60);
  /** Refetches of the issuer's keys for unknown key ids: at most one a minute, whatever the ids. */
  private static final Duration MIN_REFETCH = Duration.ofMinutes(1);

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, List<ApiRoute> apiRoutes,
      ReactiveJwtDecoder decoder) {
    http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .authorizeExchange(auth -> {
          auth.pathMatchers("/actuator/**", "/v3/api-docs/**",
              "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll();
          for (ApiRoute route : apiRoutes) {
            var matcher = auth.pathMatchers(route.httpMethod(), route.path().springPattern());
            if (route.isPublic()) {
              matcher.permitAll();
            } else {
              // A hosted route also admits idnet's pages, then only within a session
              // (HostedSessionCaller, which refuses the token without one).
              List<String> authorities = new java.util.ArrayList<>(route.authorities());
              if (route.hosted()) {
                authorities.add("ROLE_" + HostedSessionCaller.ROLE);
              }
              matcher.hasAnyAuthority(authorities.toArray(String[]::new));
            }
          }
          auth.anyExchange().authenticated();
        })
        .oauth2ResourceServer(rs -> rs
            .bearerTokenConverter(new BearerTokenConverter())
            .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(SecurityConfiguration::authentication))
            .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange.getResponse(), unauthenticated(e)))
            .accessDeniedHandler((exchange, e) -> ProblemWriter.write(exchange.getResponse(), Titles.problem(403))))
        .exceptionHandling(ex -> ex
            .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange.getResponse(), unauthenticated(e)))
            .accessDeniedHandler((exchange, e) -> ProblemWriter.write(exchange.getResponse(), Titles.problem(403))));
    return http.build();
  }

  /**
   * No Micrometer observation per security filter, authentication and authorization: they wrap
   * each of a dozen filters of every request (a large share of the gateway's allocations in the
   * benchmark's profile) and add nothing the HTTP server's own request metrics do not show.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  /** The 401 problem: {@code client-disabled} for a client on the deny list, else the general one. */
  static Problem unauthenticated(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ClientDisabledException) {
        return Problem.of(401, ClientDisabledException.CODE, Titles.title(401), "This client has been disabled.");
      }
    }
    return Titles.problem(401);
  }

  /** The issuer's keys, fetched again every {@code jwks-refresh}; the schedule ends with the context. */
  @Bean
  CachingJwkSource jwkSource(GatewayProperties properties) {
    GatewayProperties.Jwt jwt = jwt(properties);
    return new CachingJwkSource(IssuerWebClients.trusting(org.idnet.caller.evidence.IssuerTrust.of(jwt.trustFile())),
        jwt.issuerUri(), jwt.jwksUri(), java.time.Clock.systemUTC(), MIN_REFETCH);
  }

  @Bean(destroyMethod = "dispose")
  Disposable jwksRefresh(CachingJwkSource keys, GatewayProperties properties) {
    return keys.refreshEvery(jwt(properties).jwksRefresh(), Schedulers.parallel());
  }

  @Bean
  DeniedClients deniedClients(ReactiveStringRedisTemplate redis, LettuceConnectionFactory connections,
      RedisEndpoint endpoint, GatewayProperties properties) {
    GatewayProperties.DeniedClients denied = properties.deniedClients();
    RedisURI subscription = endpoint.uri(connections.getClientConfiguration().getCommandTimeout());
    return new DeniedClients(redis, connections, subscription, denied.key(), denied.channel(),
        denied.reloadEvery());
  }

  @Bean
  VerifiedTokenCache jwtDecoder(GatewayProperties properties, CachingJwkSource keys, DeniedClients denied) {
    GatewayProperties.TokenCache limits = properties.tokenCache();
    VerifiedTokenCache cache = new VerifiedTokenCache(verifyingDecoder(jwt(properties), keys), java.time.Clock.systemUTC(),
        limits.maxEntries(), limits.maxPerClient(), denied);
    keys.onNewKeys(cache::retainKeys);
    return cache;
  }

  private static GatewayProperties.Jwt jwt(GatewayProperties properties) {
    GatewayProperties.Jwt jwt = properties.jwt();
    if (jwt == null || jwt.issuerUri() == null || jwt.issuerUri().isBlank()) {
      throw new IllegalStateException("idnet.gateway.jwt.issuer-uri is not set");
    }
    return jwt;
  }

  /** The decoder every token goes through (package-private: BearerTokenFuzzTest fuzzes this very one). */
  static ReactiveJwtDecoder verifyingDecoder(GatewayProperties.Jwt jwt, CachingJwkSource keys) {
    Duration skew = jwt.clockSkew().compareTo(MAX_SKEW) > 0 ? MAX_SKEW : jwt.clockSkew();
    // Only asymmetric algorithms: never "none", never an HMAC keyed with the public key. Keys come
    // from the issuer's JWKS only: a jku, x5u or jwk header is never followed or trusted.
    // (The builder's own jwsAlgorithm(..) refuses every token once given two algorithms, so the
    // key selector is set directly.)
    NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys)
        .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new JWKSecurityContextJWKSet())))
        .build();
    JwtTimestampValidator times = new JwtTimestampValidator(skew);
    times.setAllowEmptyExpiryClaim(false); // a token without exp would be valid for ever
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        times,
        new JwtIssuerValidator(jwt.issuerUri()),
        new AudienceValidator(jwt.audience()),
        new ClaimsValidator()));
    return decoder;
  }

  private static Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
    return Mono.just(TokenCaller.authentication(jwt));
  }
}
