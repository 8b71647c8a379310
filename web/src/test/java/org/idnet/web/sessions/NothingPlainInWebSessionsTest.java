package org.idnet.web.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PrfSet;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.idnet.keysets.KeysetDirectory;
import org.idnet.keysets.KeysetSpec;
import org.idnet.keysets.ServiceLayouts;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.WebSession;

/**
 * The dump search for the web's sessions (docs/pages.md section 8), on a Redis of its own: a session
 * holding a phone number, a citizen id, a name and a token is stored; no key and no value of the
 * whole Redis holds any of them, nor the session id. The store's other rules on the same Redis: the
 * value opens under its own key only, ids change, idle and absolute ends, lifetimes in Redis.
 */
class NothingPlainInWebSessionsTest {

  static final String PHONE = "+84901234567";
  static final String CITIZEN = "001204012345";
  static final String NAME = "Nguyễn Văn Thành";
  static final String TOKEN_SIGNATURE = "c2lnbmF0dXJlLXBhcnQtb2YtYS10b2tlbi0xMjM0NTY3ODkw";

  static LocalRedis redis;
  static RedisClient client;
  static StatefulRedisConnection<String, byte[]> connection;
  static SessionIds ids;
  static SealedAttributes sealed;

  /** A clock the tests move. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-05T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  MovingClock clock;
  RedisWebSessionStore store;

  @BeforeAll
  static void start() throws Exception {
    redis = TestStores.dedicatedRedis();
    client = RedisClient.create(redis.uri());
    connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    Path keys = Files.createTempDirectory("web-keys");
    Map<KeysetSpec, KeysetHandle> keysets = KeysetDirectory.plain(ServiceLayouts.Web.LAYOUT, keys, true).load();
    PrfSet prfs = keysets.get(ServiceLayouts.Web.SESSION_IDS).getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    ids = new SessionIds(prfs.getPrfs().get(prfs.getPrimaryId()));
    sealed = new SealedAttributes(keysets.get(ServiceLayouts.Web.SESSIONS).getPrimitive(RegistryConfiguration.get(), Aead.class));
  }

  @AfterAll
  static void stop() {
    connection.close();
    client.shutdown();
    redis.close();
  }

  @BeforeEach
  void emptyStore() {
    connection.sync().flushall();
    clock = new MovingClock();
    store = new RedisWebSessionStore(connection.reactive(), ids, sealed, Duration.ofMinutes(15), Duration.ofHours(10),
        clock);
  }

  private WebSession savedSession() {
    WebSession session = store.createWebSession().block();
    session.getAttributes().put("phone", PHONE);
    session.getAttributes().put("identity", new HashMap<>(Map.of("citizenId", CITIZEN, "name", NAME)));
    session.getAttributes().put("token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0." + TOKEN_SIGNATURE);
    session.save().block();
    return session;
  }

  @Test
  void noKeyAndNoValueHoldsWhatTheSessionHolds() {
    WebSession session = savedSession();
    RedisCommands<String, byte[]> sync = connection.sync();
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = sync.scan(cursor, ScanArgs.Builder.limit(100));
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    assertThat(keys).hasSize(1);
    assertThat(keys.getFirst()).matches("idnet:web:session:[0-9a-f]{64}");
    List<String> secrets = List.of(PHONE, "84901234567", "0901234567", CITIZEN, NAME, "Nguy", TOKEN_SIGNATURE,
        "eyJhbGciOiJSUzI1NiJ9", session.getId(), "citizenId");
    for (String key : keys) {
      byte[] value = sync.get(key);
      String latin = new String(value, StandardCharsets.ISO_8859_1);
      String utf8 = new String(value, StandardCharsets.UTF_8);
      for (String secret : secrets) {
        assertThat(key).doesNotContain(secret);
        assertThat(latin).doesNotContain(secret);
        assertThat(utf8).doesNotContain(secret);
      }
    }
    // And it is all there for the web itself.
    WebSession back = store.retrieveSession(session.getId()).block();
    assertThat(back.getAttributes()).containsEntry("phone", PHONE);
    assertThat(back.getAttributes().get("identity")).isEqualTo(Map.of("citizenId", CITIZEN, "name", NAME));
  }

  @Test
  void aValueOpensOnlyUnderItsOwnKey() {
    WebSession victim = savedSession();
    WebSession attacker = store.createWebSession().block();
    attacker.start();
    attacker.save().block();
    RedisCommands<String, byte[]> sync = connection.sync();
    sync.set(ids.redisKey(attacker.getId()), sync.get(ids.redisKey(victim.getId())));
    assertThat(store.retrieveSession(attacker.getId()).blockOptional()).isEmpty();
    assertThat(sync.exists(ids.redisKey(attacker.getId()))).as("a value that does not open is removed").isZero();
    assertThat(store.retrieveSession("not-an-id").blockOptional()).isEmpty();
  }

  @Test
  void changingTheIdMovesTheSessionAndForgetsTheOldOne() {
    WebSession session = savedSession();
    String old = session.getId();
    session.changeSessionId().block();
    session.save().block();
    assertThat(session.getId()).isNotEqualTo(old).matches("[A-Za-z0-9_-]{43}");
    assertThat(store.retrieveSession(old).blockOptional()).isEmpty();
    assertThat(store.retrieveSession(session.getId()).block().getAttributes()).containsEntry("phone", PHONE);
    assertThat(connection.sync().dbsize()).isEqualTo(1);
  }

  @Test
  void idleFifteenMinutesOrTenHoursInAllEndsIt() {
    WebSession session = savedSession();
    long ttl = connection.sync().pttl(ids.redisKey(session.getId()));
    assertThat(ttl).isBetween(Duration.ofMinutes(14).toMillis(), Duration.ofMinutes(15).toMillis());
    clock.now = clock.now.plus(Duration.ofMinutes(14));
    WebSession used = store.retrieveSession(session.getId()).flatMap(store::updateLastAccessTime).block();
    used.save().block();
    clock.now = clock.now.plus(Duration.ofMinutes(14));
    assertThat(store.retrieveSession(session.getId()).blockOptional()).as("used 14 min ago").isPresent();
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertThat(store.retrieveSession(session.getId()).blockOptional()).as("idle 16 min").isEmpty();

    WebSession longLived = savedSession();
    for (int i = 0; i < 42; i++) {
      clock.now = clock.now.plus(Duration.ofMinutes(14));
      WebSession again = store.retrieveSession(longLived.getId()).flatMap(store::updateLastAccessTime).block();
      assertThat(again).as("after " + (i + 1) * 14 + " min").isNotNull();
      again.save().block();
    }
    // 602 minutes since it began: past 10 h, however recently used (14 min ago).
    clock.now = clock.now.plus(Duration.ofMinutes(14));
    assertThat(store.retrieveSession(longLived.getId()).blockOptional()).isEmpty();
  }

  @Test
  void whatTheConsoleWillKeepComesBack() {
    WebSession session = store.createWebSession().block();
    // (The console's own login objects: aConsoleSessionKeepsNoTokenInPlain.)
    session.getAttributes().put("SPRING_SECURITY_CONTEXT", new org.springframework.security.core.context.SecurityContextImpl());
    session.getAttributes().put("bytes", new byte[] {1, 2, 3});
    session.getAttributes().put("when", Instant.parse("2026-12-05T01:02:03Z"));
    session.save().block();
    WebSession back = store.retrieveSession(session.getId()).block();
    assertThat(back.getAttributes().get("SPRING_SECURITY_CONTEXT")).isEqualTo(session.getAttributes().get("SPRING_SECURITY_CONTEXT"));
    assertThat((byte[]) back.getAttributes().get("bytes")).containsExactly(1, 2, 3);
    assertThat(back.getAttributes()).containsEntry("when", Instant.parse("2026-12-05T01:02:03Z"));
  }

  /**
   * A console session as the web keeps it (docs/pages.md section 8): the security context with the
   * official's OIDC login (ID token), the authorized client (access and refresh tokens) and a
   * fresh-login marker. No key and no value holds a token, a part of one, the username or the subject.
   */
  @Test
  void aConsoleSessionKeepsNoTokenInPlain() {
    Instant now = Instant.parse("2026-12-05T01:00:00Z");
    String idToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJpZCJ9.aWQtdG9rZW4tc2lnbmF0dXJlLTAxMjM0NTY3ODk";
    String accessToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYyJ9.YWNjZXNzLXRva2VuLXNpZ25hdHVyZS0wMTIzNDU2";
    String refreshToken = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJyZSJ9.cmVmcmVzaC10b2tlbi1zaWduYXR1cmUtMDEyMzQ1";
    var oidcToken = new org.springframework.security.oauth2.core.oidc.OidcIdToken(idToken, now, now.plusSeconds(300),
        // amr as a decoded token has it (an ArrayList): List.of's classes are not among those a session may hold.
        Map.of("sub", "c0ffee00-subject", "preferred_username", "officer.an", "amr", new java.util.ArrayList<>(List.of("pwd", "otp")),
            "auth_time", now.getEpochSecond(), "iss", "http://localhost:8180/realms/idnet"));
    var user = new org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser(
        List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("OIDC_USER")), oidcToken);
    var authentication = new org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken(user,
        user.getAuthorities(), "idnet-console");
    var registration = org.springframework.security.oauth2.client.registration.ClientRegistration
        .withRegistrationId("idnet-console").clientId("idnet-console").clientSecret("idnet-console-secret")
        .authorizationGrantType(org.springframework.security.oauth2.core.AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("http://localhost:8070/login/oauth2/code/idnet-console")
        .authorizationUri("http://localhost:8180/realms/idnet/protocol/openid-connect/auth")
        .tokenUri("http://localhost:8180/realms/idnet/protocol/openid-connect/token").build();
    var client = new org.springframework.security.oauth2.client.OAuth2AuthorizedClient(registration, "c0ffee00-subject",
        new org.springframework.security.oauth2.core.OAuth2AccessToken(
            org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER, accessToken, now, now.plusSeconds(300)),
        new org.springframework.security.oauth2.core.OAuth2RefreshToken(refreshToken, now));
    WebSession session = store.createWebSession().block();
    session.getAttributes().put("SPRING_SECURITY_CONTEXT", new org.springframework.security.core.context.SecurityContextImpl(authentication));
    session.getAttributes().put(org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository.class
        .getName() + ".AUTHORIZED_CLIENTS", new HashMap<>(Map.of("idnet-console", client)));
    session.getAttributes().put(org.idnet.web.console.FreshLogin.ATTRIBUTE,
        new org.idnet.web.console.FreshLogin.Marker("11111111-1111-1111-1111-111111111111", "d1g3st", now, "n0nce", "c0ffee00-subject", null));
    session.save().block();

    RedisCommands<String, byte[]> sync = connection.sync();
    List<String> secrets = List.of("eyJ", "aWQtdG9rZW4tc2lnbmF0dXJl", "YWNjZXNzLXRva2VuLXNpZ25hdHVyZS", "cmVmcmVzaC10b2tlbi1zaWduYXR1cm",
        "officer.an", "c0ffee00-subject", "idnet-console-secret", "d1g3st", session.getId());
    List<String> keys = sync.keys("*");
    assertThat(keys).hasSize(1);
    for (String key : keys) {
      String latin = new String(sync.get(key), StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(key).doesNotContain(secret);
        assertThat(latin).as(secret).doesNotContain(secret);
      }
    }
    WebSession back = store.retrieveSession(session.getId()).block();
    var context = (org.springframework.security.core.context.SecurityContext) back.getAttributes().get("SPRING_SECURITY_CONTEXT");
    var backUser = (org.springframework.security.oauth2.core.oidc.user.OidcUser) context.getAuthentication().getPrincipal();
    assertThat(backUser.getIdToken().getTokenValue()).isEqualTo(idToken);
    assertThat(backUser.getIdToken().getAuthenticatedAt()).isEqualTo(now);
    @SuppressWarnings("unchecked")
    var clients = (Map<String, org.springframework.security.oauth2.client.OAuth2AuthorizedClient>) back.getAttributes()
        .get(org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository.class.getName()
            + ".AUTHORIZED_CLIENTS");
    assertThat(clients.get("idnet-console").getRefreshToken().getTokenValue()).isEqualTo(refreshToken);
    assertThat(back.getAttributes().get(org.idnet.web.console.FreshLogin.ATTRIBUTE))
        .isEqualTo(session.getAttributes().get(org.idnet.web.console.FreshLogin.ATTRIBUTE));
  }

  @Test
  void aClassOutsideTheAllowedOnesIsNotRead() {
    WebSession session = store.createWebSession().block();
    session.getAttributes().put("foreign", org.idnet.stores.StoreMode.values()[0]);
    session.save().block();
    assertThat(store.retrieveSession(session.getId()).blockOptional()).isEmpty();
  }

  @Test
  void aSerializableClassOfTheJdkOutsideTheListIsNotRead() {
    // Allowed by the old package patterns (java.**); not a class any session holds.
    WebSession queue = store.createWebSession().block();
    queue.getAttributes().put("queue", new java.util.PriorityQueue<>(List.of("a", "b")));
    queue.save().block();
    assertThat(store.retrieveSession(queue.getId()).blockOptional()).isEmpty();
    WebSession nested = store.createWebSession().block();
    nested.getAttributes().put("list", new java.util.ArrayList<Object>(List.of("a",
        new javax.management.AttributeValueExp("x"))));
    nested.save().block();
    assertThat(store.retrieveSession(nested.getId()).blockOptional()).isEmpty();
    WebSession tooLong = store.createWebSession().block();
    tooLong.getAttributes().put("long", new String[20_000]);
    tooLong.save().block();
    assertThat(store.retrieveSession(tooLong.getId()).blockOptional()).as("maxarray").isEmpty();
  }

  @Test
  void anInvalidatedSessionIsGone() {
    WebSession session = savedSession();
    session.invalidate().block();
    assertThat(store.retrieveSession(session.getId()).blockOptional()).isEmpty();
    assertThat(connection.sync().dbsize()).isZero();
  }
}
