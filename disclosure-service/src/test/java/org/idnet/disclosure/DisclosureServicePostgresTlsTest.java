package org.idnet.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.idnet.disclosure.support.DisclosureDatabase;
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

/**
 * PostgreSQL over TLS, set purely by the JDBC URL as production sets it
 * ({@code ?sslmode=verify-full&sslrootcert=<ca.crt>}): the service (Flyway as the owner, the pool as
 * the application role) connects to a server that accepts nothing but TLS, and refuses to start,
 * at once and naming the problem, when the server's certificate is not from that CA or does not
 * name the host it connected to.
 */
class DisclosureServicePostgresTlsTest {

  @TempDir
  static Path files;
  static LocalPostgres postgres;
  static Path serviceTls;
  static Path otherCa;

  @BeforeAll
  static void start() {
    DevelopmentCa ca = DevelopmentCa.create("disclosure db-tls test CA", Duration.ofHours(1));
    // The certificate names localhost only: a connection to 127.0.0.1 reaches the same server by a
    // name the certificate does not carry.
    PostgresTls tls = PostgresTls.fromDirectory(ca.issueServer(Duration.ofHours(1), "localhost")
        .writeTo(files.resolve("db")));
    postgres = LocalPostgres.embeddedWithTls(null, 0, tls);
    postgres.ensureLoginRole(DisclosureDatabase.APP_ROLE, DisclosureDatabase.APP_PASSWORD);
    serviceTls = ca.issueTo(files.resolve("grpc"), "disclosure-service");
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
        "--spring.datasource.username=" + DisclosureDatabase.APP_ROLE,
        "--spring.datasource.password=" + DisclosureDatabase.APP_PASSWORD,
        "--spring.flyway.user=" + postgres.user(),
        "--spring.flyway.password=" + postgres.password(),
        "--server.port=0",
        "--spring.grpc.server.port=0",
        "--idnet.tls.directory=" + serviceTls,
        "--idnet.disclosure.keys.directory=" + files.resolve("keys"),
        "--idnet.disclosure.keys.create-if-missing=true",
        "--idnet.disclosure.jobs.enabled=false",
        "--idnet.disclosure.legal-bases[0].code=VN-X",
        "--idnet.disclosure.legal-bases[0].title=X",
        "--idnet.disclosure.legal-bases[0].allowed-fields=FULL_NAME",
        "--idnet.evidence.issuer-uri=http://127.0.0.1:9/realms/idnet"));
    return new SpringApplicationBuilder(DisclosureServiceApplication.class).run(args.toArray(String[]::new));
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
    postgres.createDatabase("disclosure_tls");
    try (ConfigurableApplicationContext context = run(url("localhost", "disclosure_tls",
        postgres.tlsCa().orElseThrow()))) {
      JdbcClient pool = JdbcClient.create(context.getBean(DataSource.class));
      assertThat(pool.sql("SELECT current_user").query(String.class).single()).isEqualTo(DisclosureDatabase.APP_ROLE);
      assertThat(pool.sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").query(Boolean.class).single())
          .isTrue();
      assertThat(pool.sql("SELECT seq FROM audit_head").query(Long.class).single()).isZero();
    }
  }

  @Test
  void startWhenTheServersCertificateIsFromAnotherCaThenFailsAtOnceNamingTheCertificatePath() {
    postgres.createDatabase("disclosure_tls_other_ca");

    assertThat(failureOf(url("localhost", "disclosure_tls_other_ca", otherCa)))
        .contains("SSL error").contains("unable to find valid certification path");
  }

  @Test
  void startWhenTheCertificateDoesNotNameTheHostThenFailsAtOnceNamingTheHost() {
    postgres.createDatabase("disclosure_tls_other_host");

    assertThat(failureOf(url("127.0.0.1", "disclosure_tls_other_host", postgres.tlsCa().orElseThrow())))
        .contains("The hostname 127.0.0.1 could not be verified");
  }
}
