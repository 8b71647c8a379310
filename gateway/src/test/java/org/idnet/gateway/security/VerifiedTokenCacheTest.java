package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

class VerifiedTokenCacheTest {

  private final CachingJwkSourceTest.MutableClock clock = new CachingJwkSourceTest.MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
  private final AtomicInteger verifications = new AtomicInteger();

  private Mono<Jwt> verify(String token) {
    verifications.incrementAndGet();
    if (token.startsWith("bad")) {
      return Mono.error(new BadJwtException("bad"));
    }
    return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").subject("s")
        .issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(300)).build());
  }

  @Test
  void aVerifiedTokenIsVerifiedOnceWhileValidAndAgainAfterItsExpiry() {
    VerifiedTokenCache cache = new VerifiedTokenCache(this::verify, clock, 100);
    for (int i = 0; i < 50; i++) {
      assertThat(cache.decode("t1").block().getSubject()).isEqualTo("s");
    }
    assertThat(verifications).hasValue(1);
    clock.advance(Duration.ofSeconds(301));
    // Expired: the full decoder decides again (and would refuse a truly expired token).
    cache.decode("t1").block();
    assertThat(verifications).hasValue(2);
  }

  @Test
  void refusedTokensAreNeverRemembered() {
    VerifiedTokenCache cache = new VerifiedTokenCache(this::verify, clock, 100);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> cache.decode("bad-token").block()).isInstanceOf(BadJwtException.class);
    }
    assertThat(verifications).hasValue(3);
    assertThat(cache.size()).isZero();
  }

  @Test
  void itStaysBounded() {
    VerifiedTokenCache cache = new VerifiedTokenCache(this::verify, clock, 10);
    for (int i = 0; i < 25; i++) {
      cache.decode("t" + i).block();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void rememberedAnswersOnlyForABearerHeaderOfATokenVerifiedBeforeAndStillValid() {
    VerifiedTokenCache cache = new VerifiedTokenCache(this::verify, clock, 100);
    assertThat(cache.remembered("Bearer t1")).as("never verified").isNull();
    cache.decode("t1").block();
    assertThatThrownBy(() -> cache.decode("bad-1").block()).isInstanceOf(BadJwtException.class);

    assertThat(cache.remembered("Bearer t1").getSubject()).isEqualTo("s");
    assertThat(cache.remembered("bearer t1")).as("the scheme is case-insensitive (RFC 6750)").isNotNull();
    for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer  t1", "Basic t1", "Bearer t1 ",
        "Bearer t1,t2", "Bearer bad-1", "Bearert1"}) {
      assertThat(cache.remembered(header)).as(String.valueOf(header)).isNull();
    }
    clock.advance(Duration.ofSeconds(300));
    assertThat(cache.remembered("Bearer t1")).as("expired").isNull();
  }
}
