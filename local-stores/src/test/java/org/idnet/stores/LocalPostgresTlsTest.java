package org.idnet.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS fixture: a real PostgreSQL that speaks TLS 1.3 only, and the PostgreSQL driver verifying
 * its certificate (verify-full) as the services do: the right CA and host connect, a wrong CA, a
 * host name the certificate does not carry, and plaintext are refused at once with a clear error.
 */
class LocalPostgresTlsTest {

  @TempDir
  static Path files;
  static LocalPostgres postgres;
  static Path otherCa;

  @BeforeAll
  static void start() {
    DevelopmentCa ca = DevelopmentCa.create("local-stores test CA", Duration.ofHours(1));
    Path server = ca.issueServer(Duration.ofHours(1), "localhost").writeTo(files.resolve("server"));
    postgres = LocalPostgres.embeddedWithTls(null, 0, PostgresTls.fromDirectory(server));
    otherCa = DevelopmentCa.create("another CA", Duration.ofHours(1)).issueServer(Duration.ofHours(1), "localhost")
        .writeTo(files.resolve("other")).resolve("ca.crt");
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  private static String url(String host, Path ca) {
    return "jdbc:postgresql://" + host + ":" + postgres.port() + "/postgres?sslmode=verify-full&sslrootcert=" + ca;
  }

  private static Throwable refusal(String url) {
    long started = System.nanoTime();
    Throwable failure = catchThrowable(() -> DriverManager.getConnection(url, postgres.user(), postgres.password()).close());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refused at once, not after a hang")
        .isLessThan(Duration.ofSeconds(10));
    return failure;
  }

  @Test
  void connectWhenVerifyingAgainstItsCaThenTls13() throws Exception {
    assertThat(postgres.jdbcUrl("postgres")).contains("sslmode=verify-full").contains("sslrootcert=");
    assertThat(postgres.tlsCa()).isPresent();
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.user(), postgres.password());
        ResultSet rs = c.createStatement().executeQuery(
            "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      rs.next();
      assertThat(rs.getBoolean("ssl")).isTrue();
      assertThat(rs.getString("version")).isEqualTo("TLSv1.3");
    }
    // The fixture's own housekeeping goes over the verified connection too.
    assertThat(postgres.createDatabase("over_tls")).contains("sslmode=verify-full");
  }

  @Test
  void connectWhenCaIsAnotherThenRefusedNamingTheCertificatePath() {
    Throwable failure = refusal(url("localhost", otherCa));

    assertThat(failure).isInstanceOf(SQLException.class).hasMessageContaining("SSL error");
    assertThat(failure).rootCause().hasMessageContaining("certification path");
  }

  @Test
  void connectWhenHostIsNotInTheCertificateThenRefusedNamingTheHost() {
    Throwable failure = refusal(url("127.0.0.1", postgres.tlsCa().orElseThrow()));

    assertThat(failure).isInstanceOf(SQLException.class).hasMessageContaining("127.0.0.1")
        .hasMessageContaining("could not be verified");
  }

  @Test
  void connectWhenPlaintextThenRefusedByTheServer() {
    Throwable failure = refusal("jdbc:postgresql://localhost:" + postgres.port() + "/postgres?sslmode=disable");

    assertThat(failure).isInstanceOf(SQLException.class).hasMessageContaining("no encryption");
  }
}
