package org.idnet.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

class VerifiedTokenCacheTest {

  private final CachingJwkSourceTest.MutableClock clock = new CachingJwkSourceTest.MutableClock(Instant.parse("2026-11-23T00:00:00Z"));
  private final AtomicInteger verifications = new AtomicInteger();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();

  /** Tokens read "client.kid.serial"; "bad..." ones are refused. */
  private Mono<Jwt> verify(String token) {
    verifications.incrementAndGet();
    if (token.startsWith("bad")) {
      return Mono.error(new BadJwtException("bad"));
    }
    String[] parts = token.split("\\.");
    return Mono.just(Jwt.withTokenValue(token).header("alg", "RS256").header("kid", parts.length > 1 ? parts[1] : "k1")
        .subject("s").claim("azp", parts[0]).claim("preferred_username", "service-account-" + parts[0])
        .issuedAt(clock.instant()).expiresAt(clock.instant().plusSeconds(300)).build());
  }

  private VerifiedTokenCache cache(int maxEntries, int maxPerClient) {
    return new VerifiedTokenCache(this::verify, clock, maxEntries, maxPerClient, denied::contains);
  }

  @Test
  void aVerifiedTokenIsVerifiedOnceWhileValidAndAgainAfterItsExpiry() {
    VerifiedTokenCache cache = cache(100, 10);
    for (int i = 0; i < 50; i++) {
      assertThat(cache.decode("a.k1.1").block().getSubject()).isEqualTo("s");
    }
    assertThat(verifications).hasValue(1);
    clock.advance(Duration.ofSeconds(301));
    // Expired: the full decoder decides again (and would refuse a truly expired token).
    cache.decode("a.k1.1").block();
    assertThat(verifications).hasValue(2);
  }

  @Test
  void refusedTokensAreNeverRemembered() {
    VerifiedTokenCache cache = cache(100, 10);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> cache.decode("bad-token").block()).isInstanceOf(BadJwtException.class);
    }
    assertThat(verifications).hasValue(3);
    assertThat(cache.size()).isZero();
  }

  @Test
  void whenFullTheLeastRecentlyUsedTokenGoesNotTheWholeCache() {
    VerifiedTokenCache cache = cache(3, 10);
    cache.decode("a.k1.1").block();
    cache.decode("b.k1.1").block();
    cache.decode("c.k1.1").block();
    clock.advance(Duration.ofSeconds(1));
    cache.decode("a.k1.1").block(); // a used again: b is now the least recently used
    cache.decode("d.k1.1").block();
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.holds("a.k1.1")).isTrue();
    assertThat(cache.holds("b.k1.1")).isFalse();
    assertThat(cache.holds("c.k1.1")).isTrue();
    assertThat(cache.holds("d.k1.1")).isTrue();
  }

  @Test
  void manyLiveTokensOfOneClientAreAllRememberedWhileThereIsRoom() {
    // A platform whose hundred instances each fetched a token: a hundred checks, not one per request.
    VerifiedTokenCache cache = cache(1_000, 16);
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 100; i++) {
        cache.decode("big-platform.k1." + i).block();
      }
    }
    assertThat(verifications).hasValue(100);
  }

  @Test
  void whenFullTheClientFurthestBeyondItsShareLosesItsOldest() {
    VerifiedTokenCache cache = cache(20, 4);
    cache.decode("quiet.k1.1").block();
    for (int i = 0; i < 19; i++) {
      cache.decode("busy.k1." + i).block();
    }
    clock.advance(Duration.ofSeconds(1));
    cache.decode("newcomer.k1.1").block();
    assertThat(cache.holds("quiet.k1.1")).as("the least recently used, but within its share").isTrue();
    assertThat(cache.holds("busy.k1.0")).isFalse();
    assertThat(cache.holds("newcomer.k1.1")).isTrue();
  }

  @Test
  void aClientMintingTenThousandTokensEvictsOnlyItsOwn() {
    VerifiedTokenCache cache = cache(1_000, 16);
    cache.decode("platform-b.k1.1").block();
    for (int i = 0; i < 10_000; i++) {
      cache.decode("platform-a.k1." + i).block();
    }
    assertThat(cache.holds("platform-b.k1.1")).isTrue();
    assertThat(cache.size()).isEqualTo(1_000);
    assertThat(cache.holds("platform-a.k1.9999")).isTrue();
    assertThat(cache.holds("platform-a.k1.9001")).isTrue();
    assertThat(cache.holds("platform-a.k1.9000")).as("a's own oldest went first").isFalse();
    int before = verifications.get();
    cache.decode("platform-b.k1.1").block();
    assertThat(verifications).as("b's token is still served from memory").hasValue(before);
  }

  @Test
  void aDeniedClientsTokensAreRefusedEvenWhenRemembered() {
    VerifiedTokenCache cache = cache(100, 10);
    cache.decode("platform-x.k1.1").block();
    assertThat(cache.remembered("Bearer platform-x.k1.1")).isNotNull();
    denied.add("platform-x");
    assertThat(cache.remembered("Bearer platform-x.k1.1")).isNull();
    assertThatThrownBy(() -> cache.decode("platform-x.k1.1").block()).isInstanceOf(ClientDisabledException.class);
    assertThatThrownBy(() -> cache.decode("platform-x.k1.2").block()).isInstanceOf(ClientDisabledException.class);
    denied.remove("platform-x");
    assertThat(cache.decode("platform-x.k1.1").block()).isNotNull();
  }

  @Test
  void tokensOfAKeyTheIssuerWithdrewAreForgotten() {
    VerifiedTokenCache cache = cache(100, 10);
    cache.decode("a.k1.1").block();
    cache.decode("b.k2.1").block();
    cache.retainKeys(Set.of("k2", "k3"));
    assertThat(cache.holds("a.k1.1")).isFalse();
    assertThat(cache.holds("b.k2.1")).isTrue();
    cache.decode("c.k1.1").block();
    assertThat(cache.holds("c.k1.1")).as("verified with a key withdrawn meanwhile: not remembered").isFalse();
  }

  @Test
  void rememberedAnswersOnlyForABearerHeaderOfATokenVerifiedBeforeAndStillValid() {
    VerifiedTokenCache cache = cache(100, 10);
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
