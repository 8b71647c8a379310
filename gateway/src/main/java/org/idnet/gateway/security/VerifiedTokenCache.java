package org.idnet.gateway.security;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens that passed every check, so a platform sending the same bearer token on
 * thousands of checks a second pays for one signature verification, not thousands. A remembered
 * token is served only while it is still within {@code exp} (minus nothing: the skew is not granted
 * again) and after its {@code nbf}; anything else goes through the full decoder. Bounded: when full,
 * it is cleared and refills with the tokens in use.
 */
public final class VerifiedTokenCache implements ReactiveJwtDecoder {

  private final ReactiveJwtDecoder delegate;
  private final Clock clock;
  private final int maxEntries;
  private final ConcurrentHashMap<String, Jwt> verified = new ConcurrentHashMap<>();

  public VerifiedTokenCache(ReactiveJwtDecoder delegate, Clock clock, int maxEntries) {
    this.delegate = delegate;
    this.clock = clock;
    this.maxEntries = maxEntries;
  }

  @Override
  public Mono<Jwt> decode(String token) {
    Jwt known = verified.get(token);
    if (known != null) {
      if (stillValid(known, clock.instant())) {
        return Mono.just(known);
      }
      verified.remove(token);
    }
    return delegate.decode(token).doOnNext(jwt -> remember(token, jwt));
  }

  /**
   * The token of an {@code Authorization: Bearer} header if it passed every check before and is
   * still valid now; null for anything else (no header, another scheme, a malformed or unknown
   * token), which is then for the full path to judge.
   */
  public Jwt remembered(String authorization) {
    String token = BearerTokenConverter.bearerToken(authorization);
    if (token == null || !BearerTokenConverter.isB64Token(token)) {
      return null;
    }
    Jwt known = verified.get(token);
    return known != null && stillValid(known, clock.instant()) ? known : null;
  }

  private void remember(String token, Jwt jwt) {
    if (jwt.getExpiresAt() == null) {
      return; // never cache a token without an end
    }
    if (verified.size() >= maxEntries) {
      verified.clear();
    }
    verified.put(token, jwt);
  }

  private static boolean stillValid(Jwt jwt, Instant now) {
    Instant notBefore = jwt.getNotBefore();
    return now.isBefore(jwt.getExpiresAt()) && (notBefore == null || !now.isBefore(notBefore));
  }

  int size() {
    return verified.size();
  }
}
