package org.idnet.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class TestStoresTest {

  @Test
  void newDatabaseIsARealEmptyPostgresDatabase() throws Exception {
    LocalPostgres pg = TestStores.postgres();
    String url = TestStores.newDatabase("stores_test");
    try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
      c.createStatement().execute("CREATE TABLE t (id int PRIMARY KEY)");
      c.createStatement().execute("INSERT INTO t VALUES (1)");
      ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
      ResultSet version = c.createStatement().executeQuery("SHOW server_version_num");
      version.next();
      assertThat(version.getInt(1)).isGreaterThanOrEqualTo(170000);
    }
    assertThat(TestStores.newDatabase("stores_test")).isNotEqualTo(url);
  }

  @Test
  void redisAnswersPingAndCanBeStoppedAndRestarted() throws Exception {
    LocalRedis redis = TestStores.dedicatedRedis();
    assertThat(ping(redis)).isEqualTo("+PONG");
    redis.stop();
    assertThatThrownBy(() -> ping(redis)).isInstanceOf(java.io.IOException.class);
    redis.restart();
    assertThat(ping(redis)).isEqualTo("+PONG");
    redis.close();
  }

  @Test
  void unknownModeIsAClearError() {
    System.setProperty("idnet.stores", "docker-please");
    try {
      assertThatThrownBy(StoreMode::fromEnvironment).hasMessageContaining("IDNET_STORES must be one of");
    } finally {
      System.clearProperty("idnet.stores");
    }
  }

  private static String ping(LocalRedis redis) throws Exception {
    try (Socket s = new Socket(redis.host(), redis.port())) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }
}
