package org.idnet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.idnet.admin.denylist.RedisDenyList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deny-list against re-created ids: every gateway refuses an id on it, so create-* refuses it too
 * (instead of making a client that cannot work); and the denied command lists it.
 */
@ExtendWith(RealKeycloak.class)
class DenyListIT {

  static TestNetwork net;

  @BeforeAll
  static void network(TestNetwork network) {
    net = network;
  }

  @Test
  void creatingAClientWhoseIdIsDeniedExitsThreeAndCreatesNothing() {
    // A platform taken out of service, then deleted in the admin console: its id stays on the deny-list.
    assertThat(net.cli.run("create-platform", "struck-off").code()).isZero();
    assertThat(net.cli.run("disable", "struck-off").code()).isZero();
    net.realm.clients().get(net.client("struck-off").getId()).remove();
    deny("sacked-agency-supervisor-1");
    List<String> before = net.clientIds();

    Cli.Run platform = net.cli.run("create-platform", "struck-off");
    Cli.Run agency = net.cli.run("create-agency", "sacked-agency", "--officers", "2");

    assertThat(platform.code()).as(platform.toString()).isEqualTo(3);
    assertThat(platform.err()).contains("client id 'struck-off' is on the gateways' deny-list")
        .contains("nothing was created").contains("idnet-admin denied");
    assertThat(platform.out()).isEmpty();
    assertThat(agency.code()).as(agency.toString()).isEqualTo(3);
    assertThat(agency.err()).contains("sacked-agency-supervisor-1 are on the gateways' deny-list");
    assertThat(agency.out()).isEmpty();
    assertThat(net.clientIds()).isEqualTo(before);
  }

  @Test
  void withRedisUnreachableCreateWarnsAndCreates() {
    net.redis.stop();
    Cli.Run run;
    try {
      run = net.cli.run("create-platform", "while-list-down");
    } finally {
      net.redis.restart();
    }

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.err()).contains("warning: could not check the gateways' deny-list (Redis at " + net.redis.host())
        .contains("creating while-list-down anyway").doesNotContain("\tat ");
    assertThat(net.tokens.claims("while-list-down", run.out().strip()).get("azp").asText()).isEqualTo("while-list-down");
  }

  @Test
  void deniedListsTheDenyListOneIdALineAndExitsOneWithoutRedis() {
    assertThat(net.cli.run("create-auditor", "listed-auditor").code()).isZero();
    assertThat(net.cli.run("disable", "listed-auditor").code()).isZero();
    deny("zz-by-hand");

    Cli.Run run = net.cli.run("denied");

    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.outLines()).contains("listed-auditor", "zz-by-hand").isEqualTo(net.denied()).isSorted();
    assertThat(run.err()).contains(net.denied().size() + " client(s) on the gateways' deny-list");

    net.redis.stop();
    Cli.Run down;
    try {
      down = net.cli.run("denied");
    } finally {
      net.redis.restart();
    }
    assertThat(down.code()).as(down.toString()).isEqualTo(1);
    assertThat(down.err()).contains("Redis at " + net.redis.host() + ":" + net.redis.port());
    assertThat(down.out()).isEmpty();
  }

  /** An id put on the deny-list directly, as a gateway operator might have. */
  private static void deny(String id) {
    RedisClient client = RedisClient.create(net.redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().sadd(RedisDenyList.KEY, id);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
  }
}
