package org.idnet.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.stores.LocalPostgres;
import org.idnet.stores.PostgresTls;
import org.idnet.tls.dev.DevelopmentCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * PostgreSQL over TLS, set purely by the JDBC URL as production sets it
 * ({@code ?sslmode=verify-full&sslrootcert=<ca.crt>}): the service (Flyway as the owner, the pool as
 * the application role) connects to a server that accepts nothing but TLS, and refuses to start,
 * at once and naming the problem, when the server's certificate is not from that CA or does not
 * name the host it connected to.
 */
class IdentityServicePostgresTlsTest {

  @TempDir
  static Path files;
  static LocalPostgres postgres;
  static Path serviceTls;
  static Path otherCa;

  @BeforeAll
  static void start() {
    DevelopmentCa ca = DevelopmentCa.create("identity db-tls test CA", Duration.ofHours(1));
    // The certificate names localhost only: a connection to 127.0.0.1 reaches the same server by a
    // name the certificate does not carry.
    PostgresTls tls = PostgresTls.fromDirectory(ca.issueServer(Duration.ofHours(1), "localhost")
        .writeTo(files.resolve("db")));
    postgres = LocalPostgres.embeddedWithTls(null, 0, tls);
    postgres.ensureLoginRole(TestDatabase.APP_ROLE, TestDatabase.APP_PASSWORD);
    serviceTls = ca.issueTo(files.resolve("grpc"), "identity-service");
    otherCa = DevelopmentCa.create("another CA", Duration.ofHours(1)).issueServer(Duration.ofHours(1), "localhost")
        .writeTo(files.resolve("other")).resolve("ca.crt");
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  private static ConfigurableApplicationContext run(String url) {
    List<String> args = new ArrayList<>(List.of(
        "--spring.datasource.url=" + url,
        "--spring.datasource.username=" + TestDatabase.APP_ROLE,
        "--spring.datasource.password=" + TestDatabase.APP_PASSWORD,
        "--spring.flyway.user=" + postgres.user(),
        "--spring.flyway.password=" + postgres.password(),
        "--server.port=0",
        "--spring.grpc.server.port=0",
        "--idnet.tls.directory=" + serviceTls,
        "--idnet.identity.keys.directory=" + files.resolve("keys"),
        "--idnet.identity.keys.create-if-missing=true",
        "--idnet.identity.register.url=http://127.0.0.1:1",
        "--idnet.identity.register.api-key=identity-db-tls-test-register-key"));
    return new SpringApplicationBuilder(IdentityServiceApplication.class).run(args.toArray(String[]::new));
  }

  /** The start-up's failure, all messages of its causes; it must come at once, not after a hang. */
  private static String failureOf(String url) {
    long started = System.nanoTime();
    Throwable failure = catchThrowable(() -> run(url).close());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    assertThat(failure).isNotNull();
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }

  private static String url(String host, String database, Path ca) {
    return "jdbc:postgresql://" + host + ":" + postgres.port() + "/" + database + "?sslmode=verify-full&sslrootcert="
        + ca;
  }

  @Test
  void startWhenTheServersCertificateVerifiesThenMigratesAndServesOverTls() {
    postgres.createDatabase("identity_tls");
    try (ConfigurableApplicationContext context = run(url("localhost", "identity_tls",
        postgres.tlsCa().orElseThrow()))) {
      JdbcClient pool = JdbcClient.create(context.getBean(DataSource.class));
      assertThat(pool.sql("SELECT current_user").query(String.class).single()).isEqualTo(TestDatabase.APP_ROLE);
      assertThat(pool.sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").query(Boolean.class).single())
          .isTrue();
      assertThat(pool.sql("SELECT count(*)::int FROM accounts").query(Integer.class).single()).isZero();
    }
    JdbcClient owner = JdbcClient.create(new DriverManagerDataSource(
        postgres.jdbcUrl("identity_tls"), postgres.user(), postgres.password()));
    assertThat(owner.sql("SELECT max(version::int) FROM flyway_schema_history").query(Integer.class).single())
        .isGreaterThanOrEqualTo(8);
  }

  @Test
  void startWhenTheServersCertificateIsFromAnotherCaThenFailsAtOnceNamingTheCertificatePath() {
    postgres.createDatabase("identity_tls_other_ca");

    assertThat(failureOf(url("localhost", "identity_tls_other_ca", otherCa)))
        .contains("SSL error").contains("unable to find valid certification path");
  }

  @Test
  void startWhenTheCertificateDoesNotNameTheHostThenFailsAtOnceNamingTheHost() {
    postgres.createDatabase("identity_tls_other_host");

    assertThat(failureOf(url("127.0.0.1", "identity_tls_other_host", postgres.tlsCa().orElseThrow())))
        .contains("The hostname 127.0.0.1 could not be verified");
  }
}
