package org.idnet.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWKSecurityContext;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import java.time.Duration;
import java.util.Set;
import java.util.List;
import org.idnet.gateway.config.GatewayProperties;
import org.idnet.gateway.errors.ProblemWriter;
import org.idnet.gateway.errors.Titles;
import org.idnet.gateway.routes.ApiRoute;
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
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The edge's authentication and authorization. Tokens: signature against the issuer's JWKS
 * (fetched by discovery, cached), only RS256/ES256, {@code iss}, {@code aud}, {@code exp}/{@code
 * nbf} with bounded skew. Authorization: each API route needs one of the roles its proto method
 * declares; public routes need none; everything else needs a valid token and then answers 404
 * when no route matches. Failures are problem+json.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class SecurityConfiguration {

  private static final Duration MAX_SKEW = Duration.ofSeconds(60);

  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, List<ApiRoute> apiRoutes,
      ReactiveJwtDecoder decoder) {
    http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
        .authorizeExchange(auth -> {
          auth.pathMatchers("/actuator/health/**", "/actuator/prometheus", "/v3/api-docs/**",
              "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll();
          for (ApiRoute route : apiRoutes) {
            var matcher = auth.pathMatchers(route.httpMethod(), route.path().springPattern());
            if (route.isPublic()) {
              matcher.permitAll();
            } else {
              matcher.hasAnyAuthority(route.authorities().toArray(String[]::new));
            }
          }
          auth.anyExchange().authenticated();
        })
        .oauth2ResourceServer(rs -> rs
            .bearerTokenConverter(new BearerTokenConverter())
            .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(SecurityConfiguration::authentication))
            .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange.getResponse(), Titles.problem(401)))
            .accessDeniedHandler((exchange, e) -> ProblemWriter.write(exchange.getResponse(), Titles.problem(403))))
        .exceptionHandling(ex -> ex
            .authenticationEntryPoint((exchange, e) -> ProblemWriter.write(exchange.getResponse(), Titles.problem(401)))
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

  @Bean
  VerifiedTokenCache jwtDecoder(GatewayProperties properties) {
    return new VerifiedTokenCache(verifyingDecoder(properties), java.time.Clock.systemUTC(), 10_000);
  }

  private static ReactiveJwtDecoder verifyingDecoder(GatewayProperties properties) {
    GatewayProperties.Jwt jwt = properties.jwt();
    if (jwt == null || jwt.issuerUri() == null || jwt.issuerUri().isBlank()) {
      throw new IllegalStateException("idnet.gateway.jwt.issuer-uri is not set");
    }
    Duration skew = jwt.clockSkew().compareTo(MAX_SKEW) > 0 ? MAX_SKEW : jwt.clockSkew();
    CachingJwkSource keys = new CachingJwkSource(WebClient.builder()
            .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                reactor.netty.http.client.HttpClient.create().responseTimeout(Duration.ofSeconds(3))))
            .build(), jwt.issuerUri(),
        java.time.Clock.systemUTC(), Duration.ofMinutes(1));
    // Only asymmetric algorithms: never "none", never an HMAC keyed with the public key.
    // (The builder's own jwsAlgorithm(..) refuses every token once given two algorithms, so the
    // key selector is set directly.)
    NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys)
        .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), new JWKSecurityContextJWKSet())))
        .build();
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
        new JwtTimestampValidator(skew),
        new JwtIssuerValidator(jwt.issuerUri()),
        new AudienceValidator(jwt.audience())));
    return decoder;
  }

  private static Mono<AbstractAuthenticationToken> authentication(Jwt jwt) {
    return Mono.just(TokenCaller.authentication(jwt));
  }
}
