package org.idnet.web.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.idnet.stores.TestStores;
import org.idnet.web.StubGateway;
import org.idnet.web.WebTestSetup;
import org.idnet.web.gateway.GatewayClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code /transparency} on the real web against a stub gateway on a real port: the numbers of the
 * API's answer in the tables and in the SVG, the median left out where the API leaves it out, the
 * query passed on (whole months, normalized to what the service computes), the 60 s LRU cache, and
 * the gateway's failures as words (never its English detail).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TransparencyPageTest {

  static final StubGateway GATEWAY = new StubGateway();
  static final Path KEYS = WebTestSetup.keysDirectory();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    WebTestSetup.register(registry, TestStores.redis(), GATEWAY, KEYS);
  }

  @AfterAll
  static void stop() {
    GATEWAY.close();
  }

  @Value("${local.server.port}")
  int port;
  WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    GATEWAY.answer = StubGateway.REPORT;
    GATEWAY.status = 200;
    GATEWAY.drop = false;
  }

  private String page(String uri) {
    return http.get().uri(uri).exchange().expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith("text/html")
        .expectBody(String.class).returnResult().getResponseBody();
  }

  @Test
  void tablesAndChartCarryTheReportsNumbers() {
    String html = page("/transparency?lang=en&from=2026-11&to=2026-11");
    assertThat(html).contains("<html lang=\"en\"");
    assertThat(html).contains("Requests created from 2026-11-01 to 2026-11-30 (UTC): 27 in total.");
    String byAgency = section(html, "id=\"by-agency\"", "id=\"by-basis\"");
    // Columns: Disclosed, Awaiting approval, Rejected, Cancelled, then Total.
    assertThat(byAgency).containsSubsequence("<th scope=\"col\">Disclosed</th>", "<th scope=\"col\">Awaiting approval</th>",
        "<th scope=\"col\">Rejected</th>", "<th scope=\"col\">Cancelled</th>", "<th scope=\"col\">Total</th>");
    assertThat(squash(byAgency)).contains("<th scope=\"row\">agency-1</th><td>7</td><td>4</td><td>2</td><td>0</td><td>13</td>")
        .contains("<th scope=\"row\">agency-2</th><td>3</td><td>0</td><td>0</td><td>11</td><td>14</td>");
    String byBasis = squash(section(html, "id=\"by-basis\"", "id=\"decision-times\""));
    assertThat(byBasis).contains("<th scope=\"row\">VN-CPC-2015-ART88</th><td>7</td><td>0</td><td>2</td><td>0</td><td>9</td>")
        .contains("<th scope=\"row\">VN-LAW-CYBERSEC-2018</th><td>3</td><td>4</td><td>0</td><td>0</td><td>7</td>")
        .contains("<th scope=\"row\">VN-TAX-2019</th><td>0</td><td>0</td><td>0</td><td>11</td><td>11</td>");
    String decisions = squash(section(html, "id=\"decision-times\"", "</main>"));
    // Per month and agency, months in order whatever order the API gives them in.
    assertThat(decisions).containsSubsequence("<th scope=\"col\">Month (UTC)</th><th scope=\"col\">Agency</th>",
        "<th scope=\"row\">2026-10</th><td>agency-2</td><td>6</td><td>2 d 7 h</td>",
        "<th scope=\"row\">2026-11</th><td>agency-1</td><td>9</td><td>2 h 10 min</td>",
        "<th scope=\"row\">2026-11</th><td>agency-2</td><td>3</td><td class=\"omitted\">Not published (fewer than 5 decided)</td>");

    String svg = section(html, "<svg", "</svg>");
    assertThat(svg).contains("role=\"img\"").contains("<title id=\"chart-title\">Disclosure requests by agency and outcome</title>")
        .contains("<desc id=\"chart-desc\">").contains("27 requests in total");
    assertThat(svg).doesNotContain("style=");
    // Labels on the segments and the bars' totals: agency-1 7, 4, 2 → 13; agency-2 3, 11 → 14.
    assertThat(squash(svg)).containsSubsequence(">agency-1</text>", ">7</text>", ">4</text>", ">2</text>", ">13</text>",
        ">agency-2</text>", ">3</text>", ">11</text>", ">14</text>");
    assertThat(svg).contains("<pattern id=\"outcome-0\"").contains("fill=\"url(#outcome-3)\"");
    assertThat(svg).contains("<title>Disclosed: 7</title>");
    assertThat(GATEWAY.queries).contains("from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z");
  }

  @Test
  void vietnameseByDefault() {
    String html = page("/transparency?from=2026-10&to=2026-10");
    assertThat(html).contains("<html lang=\"vi\"").contains("<h1>Báo cáo minh bạch</h1>")
        .contains("Không công bố (dưới 5 yêu cầu đã quyết định)").contains("2 giờ 10 phút");
    String english = http.get().uri("/transparency?from=2026-10&to=2026-10")
        .header(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.8").exchange()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(english).contains("<html lang=\"en\"");
    String remembered = http.get().uri("/transparency?from=2026-10&to=2026-10")
        .header(HttpHeaders.ACCEPT_LANGUAGE, "en").cookie("idnet-lang", "vi").exchange()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(remembered).contains("<html lang=\"vi\"");
    http.get().uri("/transparency?lang=en").exchange()
        .expectHeader().value(HttpHeaders.SET_COOKIE, cookie -> assertThat(cookie)
            .startsWith("idnet-lang=en;").contains("Path=/").contains("SameSite=Lax"))
        .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store");
    String unknown = http.get().uri("/transparency?lang=fr").header(HttpHeaders.ACCEPT_LANGUAGE, "fr-FR")
        .exchange().expectBody(String.class).returnResult().getResponseBody();
    assertThat(unknown).contains("<html lang=\"vi\"");
  }

  @Test
  void answersAreKeptSixtySeconds() {
    page("/transparency?from=2026-09&to=2026-09");
    page("/transparency?from=2026-09&to=2026-09&lang=en");
    assertThat(GATEWAY.queries.stream().filter(q -> q.startsWith("from=2026-09-01T")).count()).isEqualTo(1);
  }

  @Test
  void anEmptyPeriodSaysSo() {
    GATEWAY.answer = "{\"from\":\"2026-08-01T00:00:00Z\",\"to\":\"2026-08-02T00:00:00Z\",\"counts\":[],\"total\":0,"
        + "\"decisionTimes\":[]}";
    String html = page("/transparency?lang=en&from=2026-08&to=2026-08");
    assertThat(html).contains("No disclosure request was made in this period.").doesNotContain("<svg")
        .contains("No month of this period has ended with a decided request.");
  }

  @Test
  void aBadPeriodIsAnErrorNextToTheForm() {
    String html = http.get().uri("/transparency?lang=en&from=yesterday").exchange().expectStatus().isBadRequest()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(html).contains("<title>Error: Transparency report - idnet</title>")
        .contains("Enter months as year-month").contains("aria-invalid=\"true\"");
    // Days are not offered: whole months only.
    http.get().uri("/transparency?from=2026-11-01").exchange().expectStatus().isBadRequest();
    http.get().uri("/transparency?from=2026-11&to=2026-10").exchange().expectStatus().isBadRequest();
    String early = http.get().uri("/transparency?lang=en&from=2019-12").exchange().expectStatus().isBadRequest()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(early).contains("Choose months from 2020-01 up to the current month.");
    http.get().uri("/transparency?to=" + YearMonth.now(ZoneOffset.UTC).plusMonths(1)).exchange()
        .expectStatus().isBadRequest();
    assertThat(GATEWAY.queries).noneMatch(q -> q.contains("2019-12") || q.contains("2026-11-01T00:00:00Z&to=2026-10"));
  }

  @Test
  void theGatewaysRefusalsAreShownInWordsNotItsDetail() {
    GATEWAY.status = 503;
    GATEWAY.answer = "{\"type\":\"x\",\"status\":503,\"code\":\"service-unavailable\",\"detail\":\"SECRET-ENGLISH-DETAIL\"}";
    String html = http.get().uri("/transparency?lang=en&from=2026-07&to=2026-07").exchange()
        .expectStatus().isEqualTo(503).expectBody(String.class).returnResult().getResponseBody();
    assertThat(html).contains("Something went wrong").doesNotContain("SECRET-ENGLISH-DETAIL");
    GATEWAY.drop = true;
    String down = http.get().uri("/transparency?lang=en&from=2026-06&to=2026-06").exchange()
        .expectStatus().isEqualTo(503).expectBody(String.class).returnResult().getResponseBody();
    assertThat(down).contains("The report cannot be fetched right now.");
  }

  @Test
  void theFormOffersWholeMonthsAndWindowsThatGiveTheSameReportShareOneQuery() {
    String current = YearMonth.now(ZoneOffset.UTC).toString();
    String html = page("/transparency?lang=en");
    assertThat(html).contains("type=\"month\" id=\"from\"").contains("type=\"month\" id=\"to\"")
        .contains("min=\"2020-01\"").contains("max=\"" + current + "\"");
    // Up to the current month is up to the last ended day, as with no end at all: one query, without "to".
    page("/transparency?from=2026-05&to=" + current);
    page("/transparency?from=2026-05");
    assertThat(GATEWAY.queries.stream().filter(q -> q.startsWith("from=2026-05-01T")).toList())
        .containsExactly("from=2026-05-01T00:00:00Z");
  }

  @Autowired
  GatewayClient gatewayClient;

  @Test
  void theCacheKeysWhatTheServiceComputesAndEvictsTheLeastRecentlyUsedOneByOne() {
    ReportCache cache = new ReportCache(gatewayClient, Duration.ofSeconds(60), Clock.systemUTC(), 3);
    Instant a = Instant.parse("2025-01-01T00:00:00Z");
    Instant b = Instant.parse("2025-02-01T00:00:00Z");
    Instant c = Instant.parse("2025-03-01T00:00:00Z");
    Instant d = Instant.parse("2025-04-01T00:00:00Z");
    // Within a day, and from today on, the service computes the same window: one query each.
    cache.report(a, Instant.parse("2025-01-09T10:00:00Z")).block();
    cache.report(a.plus(Duration.ofHours(5)), Instant.parse("2025-01-10T00:00:00Z")).block();
    cache.report(b, Instant.now().plus(Duration.ofDays(3))).block();
    cache.report(b, null).block();
    assertThat(queriesFrom("2025-01")).containsExactly("from=2025-01-01T00:00:00Z&to=2025-01-10T00:00:00Z");
    assertThat(queriesFrom("2025-02")).containsExactly("from=2025-02-01T00:00:00Z");

    cache.report(c, null).block();
    cache.report(a, Instant.parse("2025-01-10T00:00:00Z")).block();
    // Full: the least recently used (b) goes, the others stay.
    cache.report(d, null).block();
    assertThat(cache.size()).isEqualTo(3);
    cache.report(a, Instant.parse("2025-01-10T00:00:00Z")).block();
    cache.report(c, null).block();
    cache.report(d, null).block();
    assertThat(queriesFrom("2025-01")).hasSize(1);
    assertThat(queriesFrom("2025-03")).hasSize(1);
    assertThat(queriesFrom("2025-04")).hasSize(1);
    cache.report(b, null).block();
    assertThat(queriesFrom("2025-02")).hasSize(2);
  }

  private static List<String> queriesFrom(String month) {
    return GATEWAY.queries.stream().filter(q -> q.startsWith("from=" + month + "-")).toList();
  }

  private static String section(String html, String from, String to) {
    int start = html.indexOf(from);
    assertThat(start).as(from).isNotNegative();
    int end = html.indexOf(to, start);
    assertThat(end).as(to).isPositive();
    return html.substring(start, end);
  }

  private static String squash(String html) {
    return html.replaceAll(">\\s+<", "><");
  }
}
