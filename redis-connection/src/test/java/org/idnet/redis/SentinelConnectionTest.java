package org.idnet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Redis behind Sentinel, TLS only, a password everywhere: connections made the way every
 * service makes them (the endpoint's URI and client options) reach the master Sentinel names,
 * refuse a server their CA did not sign and a wrong password with a message saying so, pick up a
 * rotated CA file at the next connection, and follow a failover without a restart.
 */
class SentinelConnectionTest {

  static final LocalSentinel.Tls TLS = LocalSentinel.Tls.fromNewCa("sentinel test CA");
  static final Path OTHER_CA = LocalSentinel.Tls.fromNewCa("another CA").ca();
  static LocalSentinel redis;
  static ClientResources resources;

  @BeforeAll
  static void start() {
    redis = LocalSentinel.start("s3cret-pw", TLS);
    resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(100))).build();
  }

  @AfterAll
  static void stop() {
    redis.close();
    resources.shutdown();
  }

  static RedisClient client(String url, Path trustFile) {
    RedisEndpoint endpoint = RedisEndpoint.of("test.redis-url", url, trustFile);
    RedisClient client = RedisClient.create(resources, endpoint.uri(Duration.ofSeconds(2)));
    client.setOptions(endpoint.applyTo(ClientOptions.builder()
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)).build());
    return client;
  }

  static String failureOf(String url, Path trustFile) {
    RedisClient client = client(url, trustFile);
    try {
      Throwable failure = catchThrowable(() -> client.connect().close());
      assertThat(failure).isInstanceOf(RedisConnectionException.class);
      return RedisFailures.describe(failure);
    } finally {
      client.shutdown();
    }
  }

  @Test
  void commandsReachTheMasterSentinelNamesOverTlsWithThePassword() {
    RedisClient client = client(redis.uri(), TLS.ca());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().set("through-sentinel", "yes");
    } finally {
      client.shutdown();
    }
    String stored = redis.askNode(redis.masterPort(), c -> c.sync().get("through-sentinel"));
    assertThat(stored).isEqualTo("yes");
  }

  @Test
  void aServerTheTrustFileDidNotSignIsRefusedAndToldAsSuch() {
    assertThat(failureOf(redis.uri(), OTHER_CA))
        .isEqualTo("TLS: Redis's certificate is not signed by a CA in idnet.redis.trust-file"
            + " (or, where that is unset, in the JVM's trust store)");
  }

  @Test
  void aWrongPasswordIsRefusedAndToldAsSuch() {
    assertThat(failureOf(redis.uriWithPassword("not-the-password"), TLS.ca()))
        .isEqualTo("Redis refused the password (WRONGPASS)");
  }

  @Test
  void aMasterNameSentinelDoesNotKnowIsToldAsSuch() {
    assertThat(failureOf(redis.uri().replace("#idnet", "#elsewhere"), TLS.ca()))
        .isEqualTo("no Sentinel named a master called 'elsewhere'");
  }

  @Test
  void theTrustFileIsReadAgainForEveryNewConnection() throws Exception {
    Path trustFile = Files.createTempFile("redis-ca", ".crt");
    Files.copy(TLS.ca(), trustFile, StandardCopyOption.REPLACE_EXISTING);
    RedisClient client = client(redis.uri(), trustFile);
    try {
      client.connect().close();

      Files.copy(OTHER_CA, trustFile, StandardCopyOption.REPLACE_EXISTING);
      assertThat(catchThrowable(() -> client.connect().close())).as("the replaced CA is used at once")
          .isInstanceOf(RedisConnectionException.class);

      // A rotation bundle: the new CA and the old one, as cert-manager's trust-manager writes it.
      Files.writeString(trustFile, Files.readString(OTHER_CA) + Files.readString(TLS.ca()));
      client.connect().close();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void sentinelsWithoutAPasswordTakeTheUrlWithOne() {
    try (LocalSentinel open = LocalSentinel.with("s3cret-pw").tls(TLS).sentinelsWithoutPassword().start()) {
      RedisClient client = client(open.uri(), TLS.ca());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        assertThat(connection.sync().set("k", "v")).isEqualTo("OK");
      } finally {
        client.shutdown();
      }
    }
  }

  @Test
  void aMasterAtAnAddressTheCertificateDoesNotNameIsRefusedUnlessTheUrlAsksForTheChainOnly() {
    // Sentinel announces 127.0.0.2, which the certificate (localhost, 127.0.0.1) does not name:
    // as a Sentinel that announces pod IP addresses does.
    try (LocalSentinel podIps = LocalSentinel.with("s3cret-pw").tls(TLS).dataNodesOn("127.0.0.2").start()) {
      assertThat(failureOf(podIps.uri(), TLS.ca())).startsWith(
          "TLS: Redis's certificate does not name the address it was reached at");

      RedisClient client = client(podIps.uri().replace("#idnet", "?verifyPeer=CA#idnet"), TLS.ca());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        assertThat(connection.sync().set("k", "v")).isEqualTo("OK");
      } finally {
        client.shutdown();
      }
      assertThat(failureOf(podIps.uri().replace("#idnet", "?verifyPeer=CA#idnet"), OTHER_CA))
          .as("the chain is still checked").startsWith("TLS: Redis's certificate is not signed");
    }
  }

  @Test
  void afterTheMasterDiesTheSameConnectionWritesToThePromotedReplica() throws Exception {
    try (LocalSentinel own = LocalSentinel.start("s3cret-pw", TLS)) {
      RedisClient client = client(own.uri(), TLS.ca());
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        connection.sync().set("before", "1");
        int killed = own.killMaster();

        long start = System.nanoTime();
        String written = null;
        while (written == null && System.nanoTime() - start < Duration.ofSeconds(30).toNanos()) {
          try {
            written = connection.sync().set("after", "2");
          } catch (RedisException e) {
            Thread.sleep(100);
          }
        }

        assertThat(written).as("a write succeeds again within 30 s, on the same connection").isEqualTo("OK");
        int promoted = own.masterPort();
        assertThat(promoted).isNotEqualTo(killed);
        String stored = own.askNode(promoted, c -> c.sync().get("after"));
        assertThat(stored).isEqualTo("2");
      } finally {
        client.shutdown();
      }
    }
  }
}
