package org.idnet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.idnet.admin.denylist.RedisDenyList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** disable and enable: Keycloak and the gateways' deny-list, with a subscriber standing in for a gateway. */
@ExtendWith(RealKeycloak.class)
class SuspensionIT {

  static TestNetwork net;

  @BeforeAll
  static void network(TestNetwork network) {
    net = network;
  }

  @Test
  void disableRefusesNewTokensAndPushesTheClientToTheGatewaysAndEnableReverses() throws Exception {
    String secret = net.cli.run("create-platform", "misbehaving").out().strip();
    try (Gateway gateway = new Gateway(net.redis.uri())) {
      Cli.Run disabled = net.cli.run("disable", "misbehaving");

      assertThat(disabled.code()).as(disabled.toString()).isZero();
      assertThat(disabled.out()).isEmpty();
      assertThat(disabled.err()).contains("told 1 gateway(s)");
      assertThat(net.tokens.request("misbehaving", secret).statusCode()).isIn(400, 401);
      assertThat(net.client("misbehaving").isEnabled()).isFalse();
      assertThat(gateway.next()).isEqualTo("misbehaving");
      assertThat(net.denied()).contains("misbehaving");

      Cli.Run enabled = net.cli.run("enable", "misbehaving");

      assertThat(enabled.code()).as(enabled.toString()).isZero();
      assertThat(net.tokens.request("misbehaving", secret).statusCode()).isEqualTo(200);
      assertThat(gateway.next()).isEqualTo("misbehaving");
      assertThat(net.denied()).doesNotContain("misbehaving");
    }
  }

  @Test
  void disablingTwiceIsHarmlessAndTellsTheGatewaysAgain() throws Exception {
    String secret = net.cli.run("create-carrier", "twice").out().strip();
    try (Gateway gateway = new Gateway(net.redis.uri())) {
      assertThat(net.cli.run("disable", "twice").code()).isZero();
      assertThat(gateway.next()).isEqualTo("twice");

      Cli.Run again = net.cli.run("disable", "twice");

      assertThat(again.code()).as(again.toString()).isZero();
      assertThat(again.err()).contains("told 1 gateway(s)");
      assertThat(gateway.next()).as("the second run tells the gateways again").isEqualTo("twice");
      assertThat(net.client("twice").isEnabled()).as("still disabled in Keycloak").isFalse();
      assertThat(net.tokens.request("twice", secret).statusCode()).isIn(400, 401);
      assertThat(net.denied()).contains("twice");
    }
    assertThat(net.cli.run("enable", "twice").code()).isZero();
  }

  @Test
  void disableWhileRedisIsDownDisablesInKeycloakAndExitsFiveSayingTheGatewaysWereNotTold() {
    String secret = net.cli.run("create-platform", "while-redis-down").out().strip();
    net.redis.stop();
    Cli.Run run;
    try {
      run = net.cli.run("disable", "while-redis-down");
    } finally {
      net.redis.restart();
    }

    assertThat(run.code()).as(run.toString()).isEqualTo(5);
    assertThat(run.err()).contains("disabled in Keycloak").contains("NOT told").contains("expire")
        .doesNotContain("\tat ");
    assertThat(net.tokens.request("while-redis-down", secret).statusCode()).isIn(400, 401);
    Cli.Run again = net.cli.run("disable", "while-redis-down");
    assertThat(again.code()).as("running it again completes it: " + again).isZero();
    assertThat(net.denied()).contains("while-redis-down");
  }

  @Test
  void anUnknownClientExitsFourAndNothingReachesTheGateways() throws Exception {
    List<String> denied = net.denied();
    try (Gateway gateway = new Gateway(net.redis.uri())) {
      for (String command : List.of("rotate-secret", "disable", "enable")) {
        Cli.Run run = net.cli.run(command, "nobody-here");
        assertThat(run.code()).as(command + ": " + run).isEqualTo(4);
        assertThat(run.err()).contains("no client 'nobody-here' in realm idnet");
        assertThat(run.out()).isEmpty();
      }
      assertThat(gateway.quiet()).as("no gateway was told anything").isTrue();
    }
    assertThat(net.denied()).isEqualTo(denied);
  }

  /** What a gateway receives on the deny-list's channel. */
  static final class Gateway implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

    Gateway(String uri) {
      client = RedisClient.create(uri);
      connection = client.connectPubSub();
      connection.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          messages.add(message);
        }
      });
      connection.sync().subscribe(RedisDenyList.CHANNEL);
    }

    String next() throws InterruptedException {
      return messages.poll(5, TimeUnit.SECONDS);
    }

    boolean quiet() throws InterruptedException {
      return messages.poll(500, TimeUnit.MILLISECONDS) == null;
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
