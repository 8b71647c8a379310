package org.idnet.web.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.idnet.stores.TestStores;
import org.idnet.web.HttpsStandIn;
import org.idnet.web.StubGateway;
import org.idnet.web.WebApplication;
import org.idnet.web.WebTestSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code idnet.web.trust-file}: the web's outbound HTTPS (here the transparency page's call to the
 * gateway, over the one connector every client shares) trusts the CAs of that PEM bundle; without it
 * only the JVM's, which do not know the cluster's CAs; a file that is missing or holds no certificate
 * stops the start, naming the setting; a rotated file is read again without a restart.
 */
class OutboundTrustTest {

  static final HttpsStandIn GATEWAY = new HttpsStandIn("/v1/transparency-report", StubGateway.REPORT);

  @AfterAll
  static void stop() {
    GATEWAY.close();
  }

  @Test
  void withTheGatewaysCaInTheTrustFileTheReportIsFetchedOverHttps() {
    try (ConfigurableApplicationContext web = start("--idnet.web.trust-file=" + GATEWAY.caFile())) {
      String html = page(web).expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
      assertThat(html).contains("27 in total");
      assertThat(GATEWAY.paths).contains("/v1/transparency-report");
    }
  }

  @Test
  void withoutItTheJvmsCasDoNotKnowTheGatewayAndThePageSaysUnavailable() {
    int before = GATEWAY.paths.size();
    try (ConfigurableApplicationContext web = start()) {
      String html = page(web).expectStatus().isEqualTo(503).expectBody(String.class).returnResult().getResponseBody();
      assertThat(html).contains("The report cannot be fetched right now.");
      // The handshake failed: no request reached the gateway.
      assertThat(GATEWAY.paths).hasSize(before);
    }
  }

  @Test
  void anotherCaIsNotTrustedEither() throws Exception {
    try (HttpsStandIn other = new HttpsStandIn();
        ConfigurableApplicationContext web = start("--idnet.web.trust-file=" + other.caFile())) {
      page(web).expectStatus().isEqualTo(503);
    }
  }

  @Test
  void aMissingOrEmptyTrustFileStopsTheStart() throws Exception {
    Path missing = Files.createTempDirectory("idnet-web-trust").resolve("absent.pem");
    assertThat(rootMessage(catchThrowable(() -> start("--idnet.web.trust-file=" + missing).close())))
        .contains("idnet.web.trust-file").contains(missing.toString());
    Path empty = Files.createTempFile("idnet-web-trust", ".pem");
    assertThat(rootMessage(catchThrowable(() -> start("--idnet.web.trust-file=" + empty).close())))
        .contains("idnet.web.trust-file").contains("no certificate");
  }

  @Test
  void aRotatedTrustFileIsReadAgainWithoutARestart() throws Exception {
    Path file = Files.createTempFile("idnet-web-trust", ".pem");
    try (HttpsStandIn other = new HttpsStandIn()) {
      Files.copy(other.caFile(), file, StandardCopyOption.REPLACE_EXISTING);
    }
    MovableClock clock = new MovableClock();
    WebClient http = WebClient.builder().clientConnector(OutboundTrust.of(List.of(file), clock)).build();
    assertThat(catchThrowable(() -> fetch(http))).isNotNull();
    Files.copy(GATEWAY.caFile(), file, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    // Not looked at again before the recheck interval: still the old CA.
    assertThat(catchThrowable(() -> fetch(http))).isNotNull();
    clock.now = clock.now.plus(OutboundTrust.RECHECK).plusSeconds(1);
    assertThat(fetch(http)).contains("\"total\":27");
    // A rotation to an unreadable file keeps the last good CAs.
    Files.writeString(file, "");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(120)));
    clock.now = clock.now.plus(OutboundTrust.RECHECK).plusSeconds(1);
    assertThat(fetch(http)).contains("\"total\":27");
  }

  private static String fetch(WebClient http) {
    return http.get().uri(GATEWAY.url() + "/v1/transparency-report").retrieve().bodyToMono(String.class)
        .block(Duration.ofSeconds(10));
  }

  static final class MovableClock extends Clock {
    volatile Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static WebTestClient.ResponseSpec page(ConfigurableApplicationContext web) {
    int port = ((WebServerApplicationContext) web).getWebServer().getPort();
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
        .get().uri("/transparency?lang=en&from=2026-11&to=2026-11").exchange();
  }

  private static ConfigurableApplicationContext start(String... extra) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0",
        "--idnet.web.redis-url=" + TestStores.redis().uri(), "--idnet.web.gateway-url=" + GATEWAY.url(),
        "--idnet.web.public-url=http://localhost:8070", "--idnet.web.hsts=false",
        "--idnet.web.sessions.keys.directory=" + WebTestSetup.keysDirectory(),
        "--idnet.web.sessions.keys.create-if-missing=true"));
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(WebApplication.class).run(args.toArray(String[]::new));
  }

  private static String rootMessage(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
