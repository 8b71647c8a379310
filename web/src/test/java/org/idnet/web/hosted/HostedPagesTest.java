package org.idnet.web.hosted;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.idnet.web.WebTestSetup;
import org.idnet.web.sessions.RecordingSessions;
import org.idnet.web.sessions.RedisWebSessionStore;
import org.idnet.web.sessions.SessionConfiguration;
import org.idnet.web.sessions.SealedAttributes;
import org.idnet.web.sessions.SessionIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The hosted pages on the real web (real Redis, real sessions and security) against a stub gateway
 * and token endpoint on a real port: the steps in order with the calls they make (the pages' own
 * token and the session's {@code Idnet-Session} on each), post/redirect/get, errors next to their
 * field (422, summary, title, autofocus, never the API's English detail), the return origin in the
 * CSP's form-action, the attempts-spent page, and no phone number in the web session.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecordingSessions.class)
class HostedPagesTest {

  static final HostedStubGateway GATEWAY = new HostedStubGateway();
  static final Path KEYS = WebTestSetup.keysDirectory();
  static final LocalRedis REDIS = TestStores.redis();
  static final Pattern CSRF = Pattern.compile("<input type=\"hidden\" name=\"_csrf\" value=\"([^\"]+)\"");
  static final Pattern SESSION_FIELD = Pattern.compile("<input type=\"hidden\" name=\"session\" value=\"([^\"]+)\"");
  static final Pattern FORM = Pattern.compile("<form\\b[^>]*>(.*?)</form>", Pattern.DOTALL);
  static final String PHONE = "0912345678";
  static final AtomicInteger ADDRESSES = new AtomicInteger(1);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("idnet.web.redis-url", REDIS::uri);
    registry.add("idnet.web.gateway-url", GATEWAY::url);
    registry.add("idnet.web.token-uri", () -> GATEWAY.url() + "/token");
    registry.add("idnet.web.client-secret", () -> "idnet-web-secret");
    registry.add("idnet.web.public-url", () -> "http://localhost:8070");
    registry.add("idnet.web.sessions.keys.directory", KEYS::toString);
    registry.add("idnet.web.sessions.keys.create-if-missing", () -> "true");
    registry.add("idnet.web.trusted-proxies", () -> "127.0.0.1");
    registry.add("idnet.web.hsts", () -> "false");
    registry.add("server.port", () -> "0");
    registry.add("management.server.port", () -> "0");
  }

  @BeforeAll
  static void record() {
    RecordingSessions.clear();
  }

  @AfterAll
  static void stop() {
    GATEWAY.close();
    RecordingSessions.assertOnlyAllowedRead("org.idnet.web.hosted.HostedState",
        "org.springframework.security.web.server.csrf.DefaultCsrfToken");
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  RedisWebSessionStore sessions;
  @Autowired
  SessionIds ids;
  @Autowired
  SealedAttributes sealed;
  WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    GATEWAY.reset();
  }

  /** A browser: its cookies, the last page's CSRF token, an address of its own (POST limits). */
  final class Browser {
    String session;
    String lang;
    String csrf;
    /** The hosted session the last page's forms name (their hidden {@code session} field). */
    String form;
    final String address = "198.51.100." + ADDRESSES.getAndIncrement();

    EntityExchangeResult<String> get(String uri) {
      EntityExchangeResult<String> page = http.get().uri(uri).cookies(this::cookies).exchange()
          .expectBody(String.class).returnResult();
      keep(page);
      return page;
    }

    EntityExchangeResult<String> post(String uri, String... fields) {
      MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
      form.add("_csrf", csrf);
      if (this.form != null && !List.of(fields).contains("session")) {
        form.add("session", this.form);
      }
      for (int i = 0; i < fields.length; i += 2) {
        form.add(fields[i], fields[i + 1]);
      }
      EntityExchangeResult<String> answer = http.post().uri(uri).cookies(this::cookies)
          .header("X-Forwarded-For", address).header("Origin", "http://localhost:8070")
          .header("Sec-Fetch-Site", "same-origin")
          .body(BodyInserters.fromFormData(form)).exchange().expectBody(String.class).returnResult();
      keep(answer);
      return answer;
    }

    private void cookies(MultiValueMap<String, String> cookies) {
      if (session != null) {
        cookies.add(SessionConfiguration.COOKIE, session);
      }
      if (lang != null) {
        cookies.add("idnet-lang", lang);
      }
    }

    private void keep(EntityExchangeResult<String> page) {
      ResponseCookie renewed = page.getResponseCookies().getFirst(SessionConfiguration.COOKIE);
      if (renewed != null) {
        session = renewed.getValue();
      }
      ResponseCookie language = page.getResponseCookies().getFirst("idnet-lang");
      if (language != null) {
        lang = language.getValue();
      }
      if (page.getResponseBody() != null) {
        Matcher token = CSRF.matcher(page.getResponseBody());
        if (token.find()) {
          csrf = token.group(1).replace("&#45;", "-");
        }
        Matcher shown = SESSION_FIELD.matcher(page.getResponseBody());
        if (shown.find()) {
          form = shown.group(1);
        }
      }
    }
  }

  private static String location(EntityExchangeResult<?> answer) {
    assertThat(answer.getStatus().value()).as(String.valueOf(answer.getResponseBody())).isEqualTo(303);
    return answer.getResponseHeaders().getLocation().toString();
  }

  private static String csp(EntityExchangeResult<?> page) {
    return page.getResponseHeaders().getFirst("Content-Security-Policy");
  }

  private static void everyPostFormHasCsrf(String html) {
    Matcher form = FORM.matcher(html);
    int forms = 0;
    while (form.find()) {
      if (form.group().contains("method=\"post\"")) {
        forms++;
        assertThat(CSRF.matcher(form.group(1)).find()).as(form.group()).isTrue();
        assertThat(form.group(1)).as("the session it acts on, never its secret")
            .contains("name=\"session\" value=\"" + HostedStubGateway.SESSION + "\"")
            .doesNotContain(HostedStubGateway.SECRET);
      }
    }
    assertThat(forms).isPositive();
  }

  private Browser opened() {
    Browser browser = new Browser();
    EntityExchangeResult<String> launched = browser.get("/verify/" + HostedStubGateway.LAUNCH);
    assertThat(location(launched)).isEqualTo("/verify");
    return browser;
  }

  @Test
  void aUserProvesAPhoneAndARealNameAndGoesBackToThePlatform() {
    Browser browser = new Browser();
    EntityExchangeResult<String> launched = browser.get("/verify/" + HostedStubGateway.LAUNCH);
    assertThat(location(launched)).as("the launch token leaves the address bar").isEqualTo("/verify");
    assertThat(browser.session).as("a session cookie").isNotNull();
    assertThat(browser.lang).as("the session's language").isEqualTo("en");
    HostedStubGateway.Call open = GATEWAY.calls.getFirst();
    assertThat(open.authorization()).isEqualTo("Bearer " + HostedStubGateway.TOKEN);
    assertThat(open.session()).isNull();

    EntityExchangeResult<String> phonePage = browser.get("/verify");
    assertThat(phonePage.getStatus().value()).isEqualTo(200);
    String html = phonePage.getResponseBody();
    assertThat(html).contains("<html lang=\"en\"", "<title>Your phone number - idnet</title>",
        "platform-a asks you to verify the account @alice.", "<label for=\"phone\">", "action=\"/verify/phone\"");
    everyPostFormHasCsrf(html);
    assertThat(csp(phonePage)).contains("form-action 'self' " + HostedStubGateway.RETURN_ORIGIN + ";");

    assertThat(location(browser.post("/verify/phone", "phone", PHONE))).isEqualTo("/verify");
    HostedStubGateway.Call started = GATEWAY.calls.stream().filter(c -> c.path().equals("/v1/phone-verifications"))
        .findFirst().orElseThrow();
    assertThat(started.authorization()).isEqualTo("Bearer " + HostedStubGateway.TOKEN);
    assertThat(started.session()).isEqualTo(HostedStubGateway.SESSION + "." + HostedStubGateway.SECRET);
    assertThat(started.body()).contains("\"accountId\":\"web-demo-7\"", PHONE);
    assertThat(phoneNotKept(browser)).isTrue();

    String codePage = browser.get("/verify").getResponseBody();
    assertThat(codePage).contains("<title>Enter the code - idnet</title>",
            "<span aria-hidden=\"true\">+8491*****78</span><span class=\"visually-hidden\">a number ending in 78</span>")
        .contains("inputmode=\"numeric\" autocomplete=\"one-time-code\"");
    everyPostFormHasCsrf(codePage);

    // A wrong code: 422, the error next to the field and in the summary, the field focused.
    EntityExchangeResult<String> wrong = browser.post("/verify/code", "code", "654321");
    assertThat(wrong.getStatus().value()).isEqualTo(422);
    String error = wrong.getResponseBody();
    assertThat(error).contains("<title>Error: Enter the code - idnet</title>", "<a href=\"#code\">This code is not right. Attempts left: 4.</a>",
        "aria-invalid=\"true\"", "aria-describedby=\"code-error\"", "autofocus=\"autofocus\"",
        "<p class=\"error\" id=\"code-error\">This code is not right. Attempts left: 4.</p>");
    assertThat(error.indexOf("class=\"error-summary\"")).isLessThan(error.indexOf("<h1"));
    everyPostFormHasCsrf(error);

    assertThat(location(browser.post("/verify/code", "code", HostedStubGateway.CODE))).isEqualTo("/verify");
    String identity = browser.get("/verify").getResponseBody();
    assertThat(identity).contains("<title>Your identity - idnet</title>", "<label for=\"fullName\">",
        "<label for=\"nationalId\">", "<label for=\"dateOfBirth\">", "type=\"date\" id=\"dateOfBirth\"");

    // Field checks before the API; then the API's refusal by its code, never its detail.
    EntityExchangeResult<String> malformed = browser.post("/verify/identity", "fullName", "", "nationalId", "12",
        "dateOfBirth", "2001-04-30");
    assertThat(malformed.getStatus().value()).isEqualTo(422);
    assertThat(malformed.getResponseBody()).contains("<a href=\"#fullName\">Enter your full name.</a>",
        "<a href=\"#nationalId\">Enter the 12 digits of your citizen ID number.</a>", "id=\"fullName-error\"",
        "id=\"nationalId-error\"");
    assertThat(malformed.getResponseBody().split("autofocus=", -1)).hasSize(2);
    EntityExchangeResult<String> refused = browser.post("/verify/identity", "fullName", "Nguyễn Văn An",
        "nationalId", "001204099999", "dateOfBirth", "2001-04-30");
    assertThat(refused.getStatus().value()).isEqualTo(422);
    assertThat(refused.getResponseBody()).contains("The population register did not confirm these details.")
        .doesNotContain("ENGLISH DETAIL");

    assertThat(location(browser.post("/verify/identity", "fullName", "Nguyễn Văn An", "nationalId",
        HostedStubGateway.NATIONAL_ID, "dateOfBirth", "2001-04-30"))).isEqualTo("/verify");
    EntityExchangeResult<String> done = browser.get("/verify");
    assertThat(done.getResponseBody()).contains("<title>Verified - idnet</title>", "action=\"/verify/finish\"",
        "Return to platform-a");
    assertThat(csp(done)).contains("form-action 'self' " + HostedStubGateway.RETURN_ORIGIN + ";");
    everyPostFormHasCsrf(done.getResponseBody());

    assertThat(location(browser.post("/verify/finish"))).isEqualTo(HostedStubGateway.RETURN_ORIGIN + "/return?result="
        + "R".repeat(43) + "&state=state-123");
    // Every step call carried the pages' token and the session; one token for the whole flow.
    GATEWAY.calls.stream().skip(1).forEach(call -> {
      assertThat(call.authorization()).as(call.path()).isEqualTo("Bearer " + HostedStubGateway.TOKEN);
      assertThat(call.session()).as(call.path()).isEqualTo(HostedStubGateway.SESSION + "." + HostedStubGateway.SECRET);
    });
    assertThat(GATEWAY.tokens).isLessThanOrEqualTo(1);
    // The session is over for the web too.
    assertThat(browser.get("/verify").getStatus().value()).isEqualTo(404);
  }

  /**
   * Neither Redis's keys nor any web session (each opened with the web's keys: the values are sealed,
   * so a scan of their bytes would prove nothing) holds the number typed, in any form.
   */
  private boolean phoneNotKept(Browser browser) {
    List<String> forms = List.of(PHONE, "912345678", "84912345678");
    try (RedisClient client = RedisClient.create(REDIS.uri());
         StatefulRedisConnection<String, byte[]> redis = client.connect(RedisCodec.of(StringCodec.UTF8,
             ByteArrayCodec.INSTANCE))) {
      List<String> keys = new ArrayList<>();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.sync().scan(cursor, ScanArgs.Builder.limit(500));
        keys.addAll(page.getKeys());
        cursor = page;
      } while (!cursor.isFinished());
      assertThat(keys).as("this browser's session is in Redis").contains(sessionKey(browser.session));
      int opened = 0;
      for (String key : keys) {
        forms.forEach(form -> assertThat(key).doesNotContain(form));
        if (!key.startsWith(SessionIds.PREFIX)) {
          byte[] value = "string".equals(redis.sync().type(key)) ? redis.sync().get(key) : new byte[0];
          String text = new String(value == null ? new byte[0] : value, StandardCharsets.ISO_8859_1);
          forms.forEach(form -> assertThat(text).as(key).doesNotContain(form));
          continue;
        }
        // A session's value is sealed: opened with the web's keys, its attributes in plain text.
        // (Sessions of other test classes' web, sealed with other keys, are theirs to check.)
        SealedAttributes.Contents contents = sealed.open(key, redis.sync().get(key));
        if (contents == null) {
          assertThat(key).isNotEqualTo(sessionKey(browser.session));
          continue;
        }
        var attributes = contents.attributes();
        if (key.equals(sessionKey(browser.session))) {
          HostedState state = (HostedState) attributes.get(HostedState.ATTRIBUTE);
          assertThat(state.maskedPhone()).as("this session was read in plain text").isEqualTo("+8491*****78");
        }
        forms.forEach(form -> assertThat(attributes.toString()).as(key).doesNotContain(form));
        opened++;
      }
      assertThat(opened).isPositive();
    }
    return true;
  }

  private String sessionKey(String id) {
    return ids.redisKey(id);
  }

  private Set<String> sessionKeys() {
    try (RedisClient client = RedisClient.create(REDIS.uri());
         StatefulRedisConnection<String, String> redis = client.connect()) {
      return new java.util.HashSet<>(redis.sync().keys(SessionIds.PREFIX + "*"));
    }
  }

  @Test
  void aLaunchInABrowserWithASessionGetsANewIdAndTheOldOneIsDead() {
    Browser browser = opened();
    browser.get("/verify");
    String before = browser.session;
    assertThat(sessionKeys()).contains(sessionKey(before));
    GATEWAY.opened = false;
    assertThat(location(browser.get("/verify/" + HostedStubGateway.LAUNCH))).isEqualTo("/verify");
    assertThat(browser.session).as("a new session id at launch").isNotNull().isNotEqualTo(before);
    assertThat(sessionKeys()).as("the old id's key is gone").doesNotContain(sessionKey(before))
        .contains(sessionKey(browser.session));
    assertThat(sessions.retrieveSession(before).blockOptional()).isEmpty();
  }

  @Test
  void aFormOfASessionReplacedByAnotherLaunchInTheBrowserActsOnNothing() {
    Browser browser = opened();
    assertThat(browser.get("/verify").getResponseBody()).contains("action=\"/verify/phone\"");
    String firstForm = browser.form;
    // A second launch in the same browser (another session).
    GATEWAY.opened = false;
    GATEWAY.openedSession = "vs_TTTTTTTTTTTTTTTTTTTTTT";
    assertThat(location(browser.get("/verify/" + HostedStubGateway.LAUNCH))).isEqualTo("/verify");
    int calls = GATEWAY.calls.size();
    for (String path : List.of("/verify/phone", "/verify/cancel", "/verify/finish")) {
      EntityExchangeResult<String> refused = browser.post(path, "session", firstForm, "phone", PHONE);
      assertThat(refused.getStatus().value()).as(path).isEqualTo(409);
      assertThat(refused.getResponseBody()).contains("This verification was replaced");
    }
    EntityExchangeResult<String> none = browser.post("/verify/cancel", "session", "");
    assertThat(none.getStatus().value()).as("a form without the field").isEqualTo(409);
    browser.lang = "vi";
    assertThat(browser.post("/verify/cancel", "session", firstForm).getResponseBody())
        .contains("Lần xác minh này đã được thay thế");
    assertThat(GATEWAY.calls).as("nothing called for the refused forms").hasSize(calls);
  }

  @Test
  void threeRefusedIdentitiesEndWithAttemptsExhausted() {
    Browser browser = opened();
    GATEWAY.reached = "PHONE";
    browser.get("/verify");
    for (int i = 0; i < 3; i++) {
      assertThat(browser.post("/verify/identity", "fullName", "Nguyễn Văn An", "nationalId", "001204099999",
          "dateOfBirth", "2001-04-30").getStatus().value()).isEqualTo(422);
    }
    EntityExchangeResult<String> page = browser.get("/verify");
    assertThat(page.getResponseBody()).contains("<title>No attempts left - idnet</title>", "action=\"/verify/cancel\"");
    assertThat(location(browser.post("/verify/cancel"))).startsWith(HostedStubGateway.RETURN_ORIGIN + "/return?result=");
    assertThat(GATEWAY.calls.getLast().path()).endsWith("/cancellation");
    assertThat(GATEWAY.calls.getLast().body()).contains("\"reason\":\"ATTEMPTS_EXHAUSTED\"");
  }

  @Test
  void anIdentityRefusalLandsOnTheFieldTheApiNames() {
    Browser browser = opened();
    GATEWAY.reached = "PHONE";
    browser.get("/verify");
    GATEWAY.refuseNext(400, "invalid-argument", "nationalId");
    EntityExchangeResult<String> refused = browser.post("/verify/identity", "fullName", "Nguyễn Văn An",
        "nationalId", HostedStubGateway.NATIONAL_ID, "dateOfBirth", "2001-04-30");
    assertThat(refused.getStatus().value()).isEqualTo(422);
    assertThat(refused.getResponseBody()).contains("id=\"nationalId-error\"", "<a href=\"#nationalId\">")
        .doesNotContain("id=\"fullName-error\"");
    GATEWAY.refuseNext(400, "invalid-argument", "dateOfBirth");
    assertThat(browser.post("/verify/identity", "fullName", "Nguyễn Văn An", "nationalId",
        HostedStubGateway.NATIONAL_ID, "dateOfBirth", "2001-04-30").getResponseBody())
        .contains("id=\"dateOfBirth-error\"").doesNotContain("id=\"fullName-error\"");
  }

  @Test
  void finishGoesOnlyToTheSessionsReturnOrigin() {
    for (String target : List.of("", "https://evil.example/return", "http://localhost:8089/return",
        "/return?result=x", "http://user@localhost:8088/return")) {
      GATEWAY.reset();
      GATEWAY.reached = "REAL_NAME";
      GATEWAY.redirectUrl = target;
      Browser browser = opened();
      browser.get("/verify");
      EntityExchangeResult<String> answer = browser.post("/verify/finish");
      assertThat(answer.getStatus().value()).as(target).isEqualTo(404);
      assertThat(answer.getResponseHeaders().getLocation()).as(target).isNull();
      assertThat(answer.getResponseBody()).contains("This verification has ended");
    }
  }

  @Test
  void inVietnameseAnErrorTitleBeginsWithLoi() {
    GATEWAY.locale = "vi";
    Browser browser = opened();
    assertThat(browser.lang).isEqualTo("vi");
    assertThat(browser.get("/verify").getResponseBody()).contains("<html lang=\"vi\"",
        "platform-a đề nghị bạn xác minh tài khoản @alice.");
    GATEWAY.refuseNext(400, "invalid-phone-number");
    EntityExchangeResult<String> refused = browser.post("/verify/phone", "phone", "12");
    assertThat(refused.getStatus().value()).isEqualTo(422);
    assertThat(refused.getResponseBody()).contains("<title>Lỗi: Số điện thoại - idnet</title>",
        "<a href=\"#phone\">Nhập một số điện thoại di động Việt Nam hợp lệ", "aria-describedby=\"phone-hint phone-error\"",
        "value=\"12\"").doesNotContain("ENGLISH DETAIL");
    // ?lang= switches whatever the session's language.
    assertThat(browser.get("/verify?lang=en").getResponseBody()).contains("<html lang=\"en\"");
  }

  @Test
  void spentAttemptsLeaveOnlyTheWayBackWithAttemptsExhausted() {
    Browser browser = opened();
    browser.get("/verify");
    GATEWAY.refuseNext(429, "session-limit-reached");
    assertThat(location(browser.post("/verify/phone", "phone", PHONE))).isEqualTo("/verify");
    EntityExchangeResult<String> page = browser.get("/verify");
    String html = page.getResponseBody();
    assertThat(html).contains("<title>No attempts left - idnet</title>", "action=\"/verify/cancel\"")
        .doesNotContain("action=\"/verify/phone\"", "action=\"/verify/finish\"");
    assertThat(html.split("method=\"post\"", -1)).as("one form only").hasSize(2);
    assertThat(csp(page)).contains(HostedStubGateway.RETURN_ORIGIN);
    assertThat(location(browser.post("/verify/cancel"))).startsWith(HostedStubGateway.RETURN_ORIGIN + "/return?result=");
    assertThat(GATEWAY.calls.getLast().path()).endsWith("/cancellation");
    assertThat(GATEWAY.calls.getLast().body()).contains("\"reason\":\"ATTEMPTS_EXHAUSTED\"");
  }

  @Test
  void finishingBeforeTheLevelIsReachedGoesBackToTheStep() {
    Browser browser = opened();
    browser.get("/verify");
    assertThat(location(browser.post("/verify/finish"))).isEqualTo("/verify");
    assertThat(browser.get("/verify").getResponseBody()).contains("action=\"/verify/phone\"");
  }

  @Test
  void anUnknownUsedOrMalformedLaunchAddressIsAClearPage() {
    Browser browser = opened();
    EntityExchangeResult<String> again = new Browser().get("/verify/" + HostedStubGateway.LAUNCH + "?lang=en");
    assertThat(again.getStatus().value()).isEqualTo(404);
    assertThat(again.getResponseBody()).contains("This link cannot be used").doesNotContain("ENGLISH DETAIL");
    // The unspent token is repeated neither by the language links nor in a Referer.
    assertThat(again.getResponseBody()).contains("href=\"/verify?lang=vi\"").doesNotContain(HostedStubGateway.LAUNCH);
    assertThat(again.getResponseHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
    EntityExchangeResult<String> malformed = new Browser().get("/verify/" + "M".repeat(40) + "?lang=en");
    assertThat(malformed.getStatus().value()).isEqualTo(404);
    assertThat(malformed.getResponseBody()).contains("href=\"/verify?lang=vi\"").doesNotContain("M".repeat(40));
    assertThat(malformed.getResponseHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(new Browser().get("/verify/short").getStatus().value()).isEqualTo(404);
    assertThat(new Browser().get("/verify?lang=en").getResponseBody()).contains("This verification has ended");
    assertThat(browser.session).isNotNull();
  }

  @Test
  void aMinorsGuardianIsTheOneThePlatformNamedAndTheMinorConfirmsTheyAreThere() {
    GATEWAY.guardian = "parent-1";
    Browser browser = opened();
    browser.get("/verify");
    browser.post("/verify/phone", "phone", PHONE);
    browser.get("/verify");
    assertThat(location(browser.post("/verify/code", "code", HostedStubGateway.CODE))).isEqualTo("/verify");
    browser.get("/verify");
    // The register says the person is a minor: the guardian step, not an error.
    assertThat(location(browser.post("/verify/identity", "fullName", "Nguyễn Văn Bé", "nationalId",
        HostedStubGateway.NATIONAL_ID, "dateOfBirth", "2015-04-30"))).isEqualTo("/verify");
    String guardianPage = browser.get("/verify").getResponseBody();
    assertThat(guardianPage).contains("<title>Your guardian - idnet</title>", "action=\"/verify/identity\"",
        "platform-a says that the account that started this verification belongs to your parent or guardian.",
        "<input type=\"checkbox\" id=\"guardianConfirmed\" name=\"guardianConfirmed\" value=\"yes\" required",
        "<label for=\"guardianConfirmed\">").doesNotContain("type=\"tel\"", "/verify/guardian");
    everyPostFormHasCsrf(guardianPage);
    // No phone, no code for the guardian: the old addresses are gone.
    int calls = GATEWAY.calls.size();
    assertThat(browser.post("/verify/guardian/phone", "phone", "0987654321").getStatus().is2xxSuccessful()).isFalse();
    assertThat(GATEWAY.calls).hasSize(calls);
    // Unconfirmed: 422 on the checkbox, nothing sent.
    EntityExchangeResult<String> unconfirmed = browser.post("/verify/identity", "step", "guardian", "fullName",
        "Nguyễn Văn Bé", "nationalId", HostedStubGateway.NATIONAL_ID, "dateOfBirth", "2015-04-30");
    assertThat(unconfirmed.getStatus().value()).isEqualTo(422);
    assertThat(unconfirmed.getResponseBody()).contains("<a href=\"#guardianConfirmed\">Confirm that your parent or "
        + "guardian is with you.</a>", "id=\"guardianConfirmed-error\"");
    assertThat(GATEWAY.calls).hasSize(calls);
    assertThat(location(browser.post("/verify/identity", "step", "guardian", "guardianConfirmed", "yes", "fullName",
        "Nguyễn Văn Bé", "nationalId", HostedStubGateway.NATIONAL_ID, "dateOfBirth", "2015-04-30"))).isEqualTo("/verify");
    assertThat(GATEWAY.calls.getLast().body()).contains("\"guardianAccountId\":\"parent-1\"");
    assertThat(GATEWAY.calls.stream().filter(c -> c.path().equals("/v1/phone-verifications")))
        .as("one phone verification: the minor's own").hasSize(1)
        .allSatisfy(c -> assertThat(c.body()).contains("\"accountId\":\"web-demo-7\""));
    assertThat(browser.get("/verify").getResponseBody()).contains("<title>Verified - idnet</title>");
  }

  @Test
  void aMinorWithoutANamedGuardianIsSentBackToThePlatform() {
    Browser browser = opened();
    GATEWAY.reached = "PHONE";
    GATEWAY.guardianRequired = true;
    String page = browser.get("/verify").getResponseBody();
    assertThat(page).contains("<title>A guardian is needed - idnet</title>", "action=\"/verify/finish\"")
        .doesNotContain("action=\"/verify/identity\"");
  }
}
