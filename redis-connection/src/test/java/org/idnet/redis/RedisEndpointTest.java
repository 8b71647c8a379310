package org.idnet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.Test;

/** What a Redis URL and trust file may be, and what a mistake in them is told (never the password). */
class RedisEndpointTest {

  static final String SENTINELS = "rediss-sentinel://:hunter2@redis-a:26379,redis-b:26380/2#idnet";

  static Path ca() {
    return LocalSentinel.Tls.fromNewCa("endpoint test CA").ca();
  }

  static String password(RedisURI uri) {
    RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
    return new String(credentials.getPassword());
  }

  @Test
  void sentinelUrlNamesTheSentinelsAndTheMasterAndItsPasswordOpensTheSentinelsToo() throws Exception {
    RedisEndpoint endpoint = RedisEndpoint.of("spring.data.redis.url", SENTINELS, ca());

    RedisURI uri = endpoint.uri(Duration.ofMillis(300));

    assertThat(endpoint.sentinel()).isTrue();
    assertThat(endpoint.tls()).isTrue();
    assertThat(endpoint.where()).isEqualTo("Sentinels redis-a:26379,redis-b:26380 (master idnet) over TLS");
    assertThat(uri.getSentinelMasterId()).isEqualTo("idnet");
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(password(uri)).isEqualTo("hunter2");
    assertThat(uri.getSentinels()).hasSize(2).allSatisfy(sentinel -> {
      assertThat(sentinel.isSsl()).isTrue();
      assertThat(password(sentinel)).isEqualTo("hunter2");
      assertThat(sentinel.getTimeout()).isEqualTo(Duration.ofMillis(300));
    });
    assertThat(endpoint.toString()).doesNotContain("hunter2");
  }

  @Test
  void redactedUrlHidesUserAndPassword() {
    assertThat(RedisEndpoint.redacted(SENTINELS)).isEqualTo("rediss-sentinel://***@redis-a:26379,redis-b:26380/2#idnet");
    assertThat(RedisEndpoint.redacted("redis://localhost:6379")).isEqualTo("redis://localhost:6379");
  }

  @Test
  void plainRedisUrlStaysAsItWas() {
    RedisEndpoint endpoint = RedisEndpoint.of("idnet.otp.redis-url", "redis://127.0.0.1:6379/3", null);

    assertThat(endpoint.sentinel()).isFalse();
    assertThat(endpoint.tls()).isFalse();
    assertThat(endpoint.uri().getDatabase()).isEqualTo(3);
    assertThat(endpoint.where()).isEqualTo("127.0.0.1:6379");
  }

  @Test
  void malformedUrlIsNamedByPropertyAndSchemeWithoutThePassword() {
    assertThatThrownBy(() -> RedisEndpoint.of("idnet.otp.redis-url", "rediss-sentinel://:hunter2@redis-a:26379/0", null))
        .hasMessageContaining("idnet.otp.redis-url (rediss-sentinel://...) is malformed or not a Redis URL")
        .hasMessageContaining("#master")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisEndpoint.of("idnet.otp.redis-url", "https://:hunter2@redis-a", null))
        .hasMessageContaining("(https://...)").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisEndpoint.of("idnet.otp.redis-url", "hunter2", null))
        .hasMessageStartingWith("idnet.otp.redis-url is malformed or not a Redis URL").hasMessageNotContaining("hunter2");
  }

  @Test
  void aPasswordNeverTravelsInClearTextOffThisMachine() {
    assertThatThrownBy(() -> RedisEndpoint.of("u", "redis://:hunter2@redis.example:6379", null))
        .hasMessageStartingWith("refusing redis:// with a password to redis.example:6379 (u)")
        .hasMessageContaining("clear text").hasMessageContaining("rediss://").hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisEndpoint.of("u", "redis-sentinel://:hunter2@127.0.0.1:26379/0#idnet", null))
        .hasMessageContaining("clear text").hasMessageContaining("rediss-sentinel://");

    assertThat(RedisEndpoint.of("u", "redis://:hunter2@127.0.0.1:6379", null).tls()).isFalse();
    assertThat(RedisEndpoint.of("u", "redis://:hunter2@localhost:6379", null).tls()).isFalse();
    assertThat(RedisEndpoint.of("u", "redis-sentinel://127.0.0.1:26379/0#idnet", null).sentinel()).isTrue();
  }

  @Test
  void trustFileMustHoldACertificateAndGoWithATlsUrl() throws Exception {
    Path missing = Path.of("/nonexistent/ca.crt");
    assertThatThrownBy(() -> RedisEndpoint.of("u", SENTINELS, missing))
        .hasMessageContaining("idnet.redis.trust-file /nonexistent/ca.crt is not a file");
    Path notPem = Files.writeString(Files.createTempFile("ca", ".crt"), "not a certificate\n");
    assertThatThrownBy(() -> RedisEndpoint.of("u", SENTINELS, notPem))
        .hasMessageContaining("idnet.redis.trust-file").hasMessageContaining("expected PEM");
    Path ca = ca();
    assertThatThrownBy(() -> RedisEndpoint.of("idnet.otp.redis-url", "redis://127.0.0.1:6379", ca))
        .hasMessageContaining("idnet.redis.trust-file is set but idnet.otp.redis-url (redis://) does not use TLS");
  }
}
