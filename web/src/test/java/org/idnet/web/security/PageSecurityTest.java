package org.idnet.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idnet.stores.TestStores;
import org.idnet.web.StubGateway;
import org.idnet.web.WebTestSetup;
import org.idnet.web.sessions.SessionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The browser-facing rules of docs/pages.md section 3.5 on the real web (real port, real Redis):
 * the headers of every answer, {@code _csrf} in every POST form, the refusals of a POST without
 * it or from another site, the session cookie's attributes, the per-address POST limit.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PageSecurityTest {

  static final StubGateway GATEWAY = new StubGateway();
  static final Path KEYS = WebTestSetup.keysDirectory();
  static final AtomicInteger ADDRESSES = new AtomicInteger(10);
  static final Pattern FORM = Pattern.compile("<form\\b[^>]*>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  static final Pattern CSRF = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  /** Every route the web serves today, GET. */
  static final List<String> ROUTES = List.of("/", "/transparency", "/transparency?from=2026-11&to=2026-11",
      "/transparency?from=not-a-date", "/transparency?lang=en", "/idnet.css", "/verify/probe", "/no-such-page");

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
  String address;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    address = "198.51.100." + ADDRESSES.incrementAndGet();
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() {
    for (String route : ROUTES) {
      EntityExchangeResult<byte[]> result = http.get().uri(route).exchange().expectBody().returnResult();
      assertHeaders(route, result.getResponseHeaders());
    }
    EntityExchangeResult<byte[]> refused = http.post().uri("/verify/probe").header("X-Forwarded-For", address)
        .exchange().expectStatus().isForbidden().expectBody().returnResult();
    assertHeaders("POST /verify/probe", refused.getResponseHeaders());
  }

  private static void assertHeaders(String route, HttpHeaders headers) {
    assertThat(headers.getFirst("Content-Security-Policy")).as(route)
        .isEqualTo("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'");
    assertThat(headers.getFirst("X-Content-Type-Options")).as(route).isEqualTo("nosniff");
    assertThat(headers.getFirst("Referrer-Policy")).as(route).isEqualTo("same-origin");
    assertThat(headers.getFirst("Cross-Origin-Opener-Policy")).as(route).isEqualTo("same-origin");
    assertThat(headers.getFirst("Cross-Origin-Resource-Policy")).as(route).isEqualTo("same-origin");
    assertThat(headers.getFirst("Permissions-Policy")).as(route).isEqualTo("camera=(), microphone=(), geolocation=()");
    boolean publicPage = route.equals("/idnet.css") || route.equals("/transparency")
        || route.startsWith("/transparency?from=2026");
    assertThat(headers.getFirst(HttpHeaders.CACHE_CONTROL)).as(route)
        .isEqualTo(publicPage ? "public, max-age=60" : "no-store");
  }

  @Test
  void theTransparencyPageStartsNoSessionSoItMayBeCached() {
    http.get().uri("/transparency").exchange()
        .expectStatus().isOk()
        .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
        .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "public, max-age=60")
        .expectHeader().valueEquals(HttpHeaders.VARY, "Accept-Language, Cookie");
    http.get().uri("/").exchange().expectStatus().isOk().expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
  }

  @Test
  void everyRenderedPostFormCarriesTheCsrfField() {
    int postForms = 0;
    for (String route : ROUTES) {
      String page = http.get().uri(route).exchange().expectBody(String.class).returnResult().getResponseBody();
      if (page == null) {
        continue;
      }
      Matcher form = FORM.matcher(page);
      while (form.find()) {
        if (form.group().toLowerCase().contains("method=\"post\"")) {
          postForms++;
          assertThat(CSRF.matcher(form.group(1)).find()).as(route + ": " + form.group()).isTrue();
        }
      }
    }
    assertThat(postForms).as("the probe page's form at least").isPositive();
  }

  @Test
  void aPostWithTheTokenAndCookiePassesAndChangesTheSessionId() {
    Form form = openForm();
    EntityExchangeResult<String> accepted = http.post().uri("/verify/probe")
        .header("X-Forwarded-For", address)
        .header("Origin", "http://localhost:8070").header("Sec-Fetch-Site", "same-origin")
        .cookie(SessionConfiguration.COOKIE, form.session)
        .body(BodyInserters.fromFormData("_csrf", form.token).with("value", "x"))
        .exchange().expectStatus().isOk().expectBody(String.class).returnResult();
    assertThat(accepted.getResponseBody()).isEqualTo("accepted");
    ResponseCookie renewed = accepted.getResponseCookies().getFirst(SessionConfiguration.COOKIE);
    assertThat(renewed).as("a new id after the change").isNotNull();
    assertThat(renewed.getValue()).isNotEqualTo(form.session);
    http.get().uri("/verify/probe/session").cookie(SessionConfiguration.COOKIE, renewed.getValue()).exchange()
        .expectBody(String.class).isEqualTo("posted");
    http.get().uri("/verify/probe/session").cookie(SessionConfiguration.COOKIE, form.session).exchange()
        .expectBody(String.class).isEqualTo("none");
  }

  @Test
  void theSessionCookieIsHostOnlySecureHttpOnlyLax() {
    EntityExchangeResult<byte[]> page = http.get().uri("/verify/probe").exchange().expectBody().returnResult();
    String setCookie = page.getResponseHeaders().get(HttpHeaders.SET_COOKIE).stream()
        .filter(c -> c.startsWith(SessionConfiguration.COOKIE + "=")).findFirst().orElseThrow();
    assertThat(setCookie).contains("Path=/").contains("Secure").containsIgnoringCase("HttpOnly").contains("SameSite=Lax")
        .doesNotContain("Domain=").doesNotContain("Max-Age");
    assertThat(setCookie.substring(SessionConfiguration.COOKIE.length() + 1, setCookie.indexOf(';')))
        .matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void aPostWithoutTheTokenIsRefused() {
    Form form = openForm();
    http.post().uri("/verify/probe").header("X-Forwarded-For", address)
        .cookie(SessionConfiguration.COOKIE, form.session)
        .body(BodyInserters.fromFormData("value", "x"))
        .exchange().expectStatus().isForbidden();
    http.post().uri("/verify/probe").header("X-Forwarded-For", address)
        .cookie(SessionConfiguration.COOKIE, form.session)
        .body(BodyInserters.fromFormData("_csrf", "not-the-token").with("value", "x"))
        .exchange().expectStatus().isForbidden();
  }

  @Test
  void aPostAfterTheSessionIdledOutGetsTheHostedEndedPageInTheReadersLanguage() {
    // The web session (15 min) ended before the hosted one: no session, so no CSRF token.
    String en = http.post().uri("/verify/phone").header("X-Forwarded-For", address).cookie("idnet-lang", "en").accept(MediaType.TEXT_HTML)
        .body(BodyInserters.fromFormData("_csrf", "stale").with("phone", "0912345678"))
        .exchange().expectStatus().isForbidden()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(en).contains("<html lang=\"en\"", "<h1>This verification has ended</h1>", "Return to the platform",
            "href=\"/verify?lang=vi\"")
        .doesNotContainIgnoringCase("csrf token").doesNotContain("Whitelabel").doesNotContain("Exception");
    String vi = http.post().uri("/verify/phone").header("X-Forwarded-For", address).cookie("idnet-lang", "vi").accept(MediaType.TEXT_HTML)
        .body(BodyInserters.fromFormData("phone", "0912345678"))
        .exchange().expectStatus().isForbidden().expectBody(String.class).returnResult().getResponseBody();
    assertThat(vi).contains("<html lang=\"vi\"", "<h1>Lần xác minh này đã kết thúc</h1>");
  }

  @Test
  void unknownPagesAndMethodsGetTheLocalizedErrorPageWithoutDetails() {
    String notFound = http.get().uri("/verify/no/such/page?lang=en").accept(MediaType.TEXT_HTML).exchange().expectStatus().isNotFound()
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(notFound).contains("<html lang=\"en\"", "There is no page at this address.")
        .doesNotContain("Whitelabel").doesNotContain("Exception").doesNotContain("trace");
    String vi = http.get().uri("/verify/no/such/page").header("Accept-Language", "vi").accept(MediaType.TEXT_HTML).exchange()
        .expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();
    assertThat(vi).contains("<html lang=\"vi\"", "Không có trang nào ở địa chỉ này.");
    String wrongMethod = http.get().uri("/verify/code/resend?lang=en").accept(MediaType.TEXT_HTML).exchange().expectStatus().isEqualTo(405)
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(wrongMethod).contains("This address cannot be opened this way.").doesNotContain("Whitelabel");
  }

  @Test
  void aCrossSitePostGetsTheRefusalPage() {
    Form form = openForm();
    String page = http.post().uri("/verify/probe").header("X-Forwarded-For", address).header("Origin", "https://evil.example")
        .cookie(SessionConfiguration.COOKIE, form.session).cookie("idnet-lang", "en").accept(MediaType.TEXT_HTML)
        .body(BodyInserters.fromFormData("_csrf", form.token))
        .exchange().expectStatus().isForbidden().expectBody(String.class).returnResult().getResponseBody();
    assertThat(page).contains("<html lang=\"en\"", "This verification has ended");
  }

  @Test
  void aCrossSitePostIsRefusedEvenWithAValidToken() {
    Form form = openForm();
    http.post().uri("/verify/probe").header("X-Forwarded-For", address).header("Sec-Fetch-Site", "cross-site")
        .cookie(SessionConfiguration.COOKIE, form.session)
        .body(BodyInserters.fromFormData("_csrf", form.token))
        .exchange().expectStatus().isForbidden();
    http.post().uri("/verify/probe").header("X-Forwarded-For", address).header("Origin", "https://evil.example")
        .cookie(SessionConfiguration.COOKIE, form.session)
        .body(BodyInserters.fromFormData("_csrf", form.token))
        .exchange().expectStatus().isForbidden();
    http.post().uri("/verify/probe").header("X-Forwarded-For", address).header("Origin", "null")
        .cookie(SessionConfiguration.COOKIE, form.session)
        .body(BodyInserters.fromFormData("_csrf", form.token))
        .exchange().expectStatus().isForbidden();
    // The same token from the web's own origin still works: the refusals were for the site, not the token.
    http.post().uri("/verify/probe").header("X-Forwarded-For", address).header("Origin", "http://localhost:8070")
        .cookie(SessionConfiguration.COOKIE, form.session)
        .body(BodyInserters.fromFormData("_csrf", form.token))
        .exchange().expectStatus().isOk();
  }

  @Test
  void thirtyPostsAMinutePerAddressThen429() {
    for (int i = 0; i < 30; i++) {
      http.post().uri("/verify/probe").header("X-Forwarded-For", address).exchange().expectStatus().isForbidden();
    }
    String refused = http.post().uri("/verify/probe").header("X-Forwarded-For", address).cookie("idnet-lang", "en")
        .accept(MediaType.TEXT_HTML)
        .exchange().expectStatus().isEqualTo(429).expectHeader().valueEquals("Retry-After", "60")
        .expectBody(String.class).returnResult().getResponseBody();
    assertThat(refused).contains("<html lang=\"en\"", "Too many forms were sent from your connection.");
    // Another address is counted apart; GETs are not counted.
    http.post().uri("/verify/probe").header("X-Forwarded-For", "203.0.113.7, " + address.replace("198", "192"))
        .exchange().expectStatus().isForbidden();
    http.get().uri("/verify/probe").header("X-Forwarded-For", address).exchange().expectStatus().isOk();
  }

  @Value("${local.management.port}")
  int managementPort;

  @Test
  void healthOnTheManagementPortOnlyAndNoPagesThere() {
    WebTestClient management = WebTestClient.bindToServer().baseUrl("http://localhost:" + managementPort).build();
    management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    management.get().uri("/transparency").exchange().expectStatus().isNotFound();
    management.get().uri("/").exchange().expectStatus().isNotFound();
    http.get().uri("/actuator/health").exchange().expectStatus().isNotFound();
  }

  @Test
  void unknownPathsAndMethodsAreRefused() {
    http.get().uri("/admin").exchange().expectStatus().isForbidden();
    http.method(HttpMethod.PUT).uri("/transparency").header("X-Forwarded-For", address)
        .contentType(MediaType.TEXT_PLAIN).bodyValue("x").exchange().expectStatus().isForbidden();
  }

  private record Form(String session, String token) {
  }

  private Form openForm() {
    EntityExchangeResult<String> page = http.get().uri("/verify/probe").exchange()
        .expectStatus().isOk().expectBody(String.class).returnResult();
    Matcher token = CSRF.matcher(page.getResponseBody());
    assertThat(token.find()).isTrue();
    ResponseCookie session = page.getResponseCookies().getFirst(SessionConfiguration.COOKIE);
    assertThat(session).isNotNull();
    return new Form(session.getValue(), token.group(1).replace("&#45;", "-"));
  }
}
