package org.idnet.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The Sentinel fixture itself: TLS only, a password everywhere, and a real failover. */
class LocalSentinelTest {

  @Test
  void servesTlsOnlyBehindThePasswordAndPromotesTheReplicaWhenTheMasterDies() throws Exception {
    try (LocalSentinel redis = LocalSentinel.start("s3cret", LocalSentinel.Tls.fromNewCa("local-sentinel test CA"))) {
      assertThat(redis.uri()).startsWith("rediss-sentinel://:s3cret@127.0.0.1:").endsWith("/0#idnet");
      int master = redis.masterPort();
      redis.askNode(master, c -> c.sync().set("before", "1"));
      redis.askNode(master, c -> c.sync().waitForReplication(1, 2_000));

      int killed = redis.killMaster();
      int promoted = redis.awaitFailover(killed, Duration.ofSeconds(20));

      assertThat(promoted).isNotEqualTo(killed);
      String replicated = redis.askNode(promoted, c -> c.sync().get("before"));
      String written = redis.askNode(promoted, c -> c.sync().set("after", "2"));
      assertThat(replicated).isEqualTo("1");
      assertThat(written).isEqualTo("OK");
    }
  }

  @Test
  void refusesCommandsWithoutThePassword() {
    try (LocalSentinel redis = LocalSentinel.start("s3cret", null)) {
      int master = redis.masterPort();
      assertThatThrownBy(() -> redis.askNode(master, c -> c.sync().auth("wrong")))
          .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("WRONGPASS");
      assertThat(redis.uri()).startsWith("redis-sentinel://:s3cret@");
    }
  }
}
