package org.idnet.web.security;

import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import org.idnet.web.config.WebProperties;
import org.idnet.web.errors.RefusalPages;
import org.idnet.web.sessions.SessionIds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * Who may reach what, and the browser-facing rules around it (docs/pages.md section 3.5): CSRF on
 * (token in the session, {@link CsrfTokenAdvice}), public pages permitted, everything else denied
 * until a feature claims it. The console (section 4) adds its own chain for {@code /console/**} and
 * the login routes when {@code idnet.web.console.enabled}; without it nobody is ever signed in here,
 * so no security context is kept.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
public class WebSecurityConfiguration {

  /** Paths anyone may open: pages, static files, the hosted flow (it checks its own session). */
  public static final String[] PUBLIC = {"/", "/transparency", "/idnet.css", "/favicon.ico", "/verify", "/verify/**",
      // Without the console (light issuer) only its explanation; with it, its own chain claims /console first.
      "/console",
      "/error"};
  /** Served on the management port only ({@link ManagementPortGuard}); the public port has none (404). */
  public static final String ACTUATOR = "/actuator/**";

  @Bean
  SecurityWebFilterChain pages(ServerHttpSecurity http, WebProperties properties) {
    return http
        .headers(headers -> headers.disable())
        .csrf(csrf -> csrf.accessDeniedHandler(RefusalPages.CSRF_REFUSED))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(properties.console().enabled()
            ? new WebSessionServerSecurityContextRepository() : NoOpServerSecurityContextRepository.getInstance())
        .exceptionHandling(errors -> errors.authenticationEntryPoint(new HttpStatusServerEntryPoint(HttpStatus.FORBIDDEN)))
        .authorizeExchange(exchanges -> exchanges
            .pathMatchers(PUBLIC).permitAll()
            .pathMatchers(ACTUATOR).permitAll()
            .anyExchange().denyAll())
        .build();
  }

  /**
   * Nobody signs in with a password here: without this bean Boot would make a user with a generated
   * password (and log it).
   */
  @Bean
  ReactiveUserDetailsService noPasswordUsers() {
    return username -> Mono.empty();
  }

  @Bean
  ManagementPortGuard managementPortGuard() {
    return new ManagementPortGuard();
  }

  @Bean
  SecurityHeaders securityHeaders(WebProperties properties) {
    return new SecurityHeaders(properties.hsts());
  }

  @Bean
  SameOriginPosts sameOriginPosts(WebProperties properties) {
    return new SameOriginPosts(properties.publicOrigin());
  }

  @Bean
  ClientAddress clientAddress(WebProperties properties) {
    return new ClientAddress(properties.trustedProxies());
  }

  @Bean
  PostLimit postLimit(StatefulRedisConnection<String, byte[]> redis, SessionIds hashes, ClientAddress addresses,
      WebProperties properties, Clock clock) {
    return new PostLimit(redis.reactive(), hashes, addresses, properties.postsPerMinute(), clock);
  }
}
