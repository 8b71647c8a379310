package org.idnet.admin.denylist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.idnet.admin.cli.AdminCli;
import org.idnet.admin.onboarding.ClientId;
import org.idnet.admin.onboarding.OnboardingException;
import org.idnet.stores.LocalSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deny-list on the gateways' production Redis: Sentinel, TLS verified against the CA file, a password. */
class RedisDenyListSentinelTest {

  static final LocalSentinel.Tls TLS = LocalSentinel.Tls.fromNewCa("admin redis CA");
  static LocalSentinel redis;

  @BeforeAll
  static void start() {
    redis = LocalSentinel.start("admin-redis-pw", TLS);
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  void denyAndAllowGoToTheMasterSentinelNames() {
    RedisDenyList list = new RedisDenyList(redis.uri(), TLS.ca());

    list.deny(new ClientId("platform-through-sentinel"));

    Set<String> onMaster = redis.askNode(redis.masterPort(), c -> c.sync().smembers(RedisDenyList.KEY));
    assertThat(onMaster).contains("platform-through-sentinel");
    assertThat(list.members()).contains("platform-through-sentinel");
    list.allow(new ClientId("platform-through-sentinel"));
    assertThat(list.members()).doesNotContain("platform-through-sentinel");
    assertThat(list.where()).startsWith("Sentinels 127.0.0.1:").endsWith("(master idnet) over TLS");
  }

  @Test
  void aRedisTheCaFileDidNotSignIsRefusedSayingWhy() {
    RedisDenyList list = new RedisDenyList(redis.uri(), LocalSentinel.Tls.fromNewCa("another CA").ca());

    assertThatThrownBy(list::members).isInstanceOf(OnboardingException.class)
        .hasMessageContaining("TLS: Redis's certificate is not signed by a CA in idnet.redis.trust-file")
        .hasMessageNotContaining(redis.password());
  }

  @Test
  void theCliTakesTheSentinelUrlAndTheCaFileFromTheEnvironment() {
    new RedisDenyList(redis.uri(), TLS.ca()).deny(new ClientId("platform-listed-by-cli"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = AdminCli.run(new String[] {"denied"},
        Map.of("IDNET_REDIS_URL", redis.uri(), "IDNET_REDIS_TRUST_FILE", TLS.ca().toString()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("platform-listed-by-cli");
  }
}
