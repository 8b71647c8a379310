package org.idnet.gateway.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The issuer's signing keys, fetched once (JWKS found by OIDC discovery) and kept. A token whose
 * {@code kid} is not in the cached set triggers a refetch at most once per {@code minRefresh}
 * (default a minute), so a flood of tokens with made-up key ids cannot turn into a flood of calls
 * to the issuer; in steady state no request calls the issuer at all.
 */
public final class CachingJwkSource implements Function<SignedJWT, Flux<JWK>> {

  private final WebClient web;
  private final String issuer;
  private final Clock clock;
  private final Duration minRefresh;
  private volatile Mono<JWKSet> keys;
  private volatile Mono<String> jwksUri;
  private volatile Instant lastFetch = Instant.EPOCH;

  public CachingJwkSource(WebClient web, String issuer, Clock clock, Duration minRefresh) {
    this.web = web;
    this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    this.clock = clock;
    this.minRefresh = minRefresh;
  }

  @Override
  public Flux<JWK> apply(SignedJWT jwt) {
    String kid = jwt.getHeader().getKeyID();
    return current().flatMapMany(set -> {
      List<JWK> found = select(set, kid);
      if (!found.isEmpty() || !mayRefetch()) {
        return Flux.fromIterable(found);
      }
      return refetch().flatMapIterable(fresh -> select(fresh, kid));
    });
  }

  private Mono<JWKSet> current() {
    Mono<JWKSet> cached = keys;
    return cached != null ? cached : refetch();
  }

  private synchronized boolean mayRefetch() {
    return !clock.instant().isBefore(lastFetch.plus(minRefresh));
  }

  private synchronized Mono<JWKSet> refetch() {
    lastFetch = clock.instant();
    // Keep a good answer; forget a failed one so the next request tries again.
    keys = jwksUri().flatMap(uri -> web.get().uri(uri).retrieve().bodyToMono(String.class))
        .map(CachingJwkSource::parse)
        .cache(ok -> Duration.ofDays(3650), error -> Duration.ZERO, () -> Duration.ZERO);
    return keys;
  }

  private Mono<String> jwksUri() {
    Mono<String> uri = jwksUri;
    if (uri == null) {
      uri = web.get().uri(issuer + "/.well-known/openid-configuration").retrieve()
          .bodyToMono(Map.class)
          .map(discovery -> {
            Object value = discovery.get("jwks_uri");
            if (!(value instanceof String s) || s.isBlank()) {
              throw new IllegalStateException("the issuer's discovery document has no jwks_uri");
            }
            if (!issuer.equals(discovery.get("issuer"))) {
              throw new IllegalStateException("discovery names another issuer than " + issuer);
            }
            return s;
          })
          .cache(ok -> Duration.ofDays(3650), error -> Duration.ZERO, () -> Duration.ZERO);
      jwksUri = uri;
    }
    return uri;
  }

  private static List<JWK> select(JWKSet set, String kid) {
    return set.getKeys().stream().filter(k -> kid == null || kid.equals(k.getKeyID())).toList();
  }

  private static JWKSet parse(String json) {
    try {
      return JWKSet.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("the issuer's JWKS is not valid", e);
    }
  }
}
