package org.idnet.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idnet.stores.TestStores;
import org.idnet.web.sessions.RecordingSessions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's own authorization matrix (docs/pages.md section 8): each console route × {no
 * session, officer, supervisor, lead (officer and supervisor), auditor} → login redirect, 403 or
 * its answer, with real sessions made by real logins (authorization code with PKCE against
 * mock-oauth2-server) and a stub gateway on a real port. Also: the approve link is absent for the
 * official who filed the request and the route is 403 for them; the fresh login adds
 * {@code prompt=login&max_age=0} and the approval then goes out with If-Match and the fresh token,
 * once; logout ends the session and goes to the issuer's end-session with the ID token as hint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(RecordingSessions.class)
class PageAuthorizationTest {

  static final int PORT = ConsoleTestSetup.freePort();
  static final ConsoleStubGateway GATEWAY = new ConsoleStubGateway();
  static final ConsoleTestIssuer ISSUER = new ConsoleTestIssuer();
  static final String BASE = "http://localhost:" + PORT;
  static final String R = "/console/requests/" + ConsoleStubGateway.BY_OFFICER;
  static final String OWN = "/console/requests/" + ConsoleStubGateway.BY_LEAD;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    ConsoleTestSetup.register(registry, TestStores.redis(), GATEWAY, ISSUER, PORT);
  }

  @BeforeAll
  static void record() {
    RecordingSessions.clear();
  }

  @AfterAll
  static void stop() {
    GATEWAY.close();
    ISSUER.close();
    // The logins, fresh logins and approvals above read back only the session classes allowed.
    RecordingSessions.assertOnlyAllowedRead("org.springframework.security.core.context.SecurityContextImpl",
        "org.springframework.security.oauth2.client.OAuth2AuthorizedClient",
        "org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest",
        "org.springframework.security.web.server.csrf.DefaultCsrfToken",
        "org.idnet.web.console.FreshLogin$Marker");
  }

  enum Who { OFFICER, SUPERVISOR, LEAD, AUDITOR }

  /** A route, and who may use it: those get {@code allowed} (200 or the 303 of a done POST), the others 403. */
  record Route(String method, String path, int allowed, Set<Who> who) {
  }

  static final Set<Who> ALL = Set.of(Who.OFFICER, Who.SUPERVISOR, Who.LEAD, Who.AUDITOR);
  static final Set<Who> READERS = Set.of(Who.OFFICER, Who.SUPERVISOR, Who.LEAD);
  static final Set<Who> OFFICERS = Set.of(Who.OFFICER, Who.LEAD);
  static final Set<Who> SUPERVISORS = Set.of(Who.SUPERVISOR, Who.LEAD);
  static final Set<Who> AUDITORS = Set.of(Who.AUDITOR);

  static final List<Route> ROUTES = List.of(
      new Route("GET", "/console", 200, ALL),
      new Route("GET", "/console/requests", 200, READERS),
      new Route("GET", "/console/requests?status=AWAITING_APPROVAL", 200, READERS),
      new Route("GET", "/console/requests/new", 200, OFFICERS),
      new Route("GET", "/console/requests/new?basis=VN-CPC-2015-ART88", 200, OFFICERS),
      new Route("POST", "/console/requests", 303, OFFICERS),
      new Route("GET", R, 200, READERS),
      new Route("POST", R + "/cancel", 303, OFFICERS),
      new Route("GET", R + "/package", 200, OFFICERS),
      new Route("GET", "/console/queue", 200, SUPERVISORS),
      new Route("GET", R + "/approve", 303, SUPERVISORS),
      new Route("GET", OWN + "/approve", 303, Set.of(Who.SUPERVISOR)),
      new Route("POST", R + "/reject", 303, SUPERVISORS),
      new Route("POST", OWN + "/reject", 303, Set.of(Who.SUPERVISOR)),
      // Without a fresh login, nobody approves.
      new Route("POST", R + "/approve", 303, Set.of()),
      new Route("GET", "/console/audit", 200, AUDITORS),
      new Route("GET", "/console/audit?fromSeq=1", 200, AUDITORS),
      new Route("GET", "/console/audit/checkpoint", 200, AUDITORS),
      new Route("GET", "/console/audit/verification", 200, AUDITORS));

  static final Map<String, String> FORM = Map.of("basis", "VN-CPC-2015-ART88", "nonce", "n0nce-0123456789abcdefghij",
      "platformId", "platform-a", "accountId", "acc-1", "caseReference", "2026/T-1", "fields", "FULL_NAME",
      "justification", "Fraud under investigation.", "reason", "not proportionate");

  static ConsoleTestIssuer.Person person(Who who) {
    return switch (who) {
      case OFFICER -> ConsoleTestIssuer.OFFICER;
      case SUPERVISOR -> ConsoleTestIssuer.SUPERVISOR;
      case LEAD -> ConsoleTestIssuer.LEAD;
      case AUDITOR -> ConsoleTestIssuer.AUDITOR;
    };
  }

  ConsoleBrowser signedIn(Who who) {
    ConsoleBrowser browser = new ConsoleBrowser(BASE);
    HttpResponse<String> back = ISSUER.login(browser, person(who));
    assertThat(back.statusCode()).as("back from the issuer").isEqualTo(303);
    assertThat(back.headers().firstValue("Location")).hasValue("/console");
    return browser;
  }

  @Test
  void withoutASessionEveryPageSendsToTheLoginAndEveryPostIsRefused() {
    GATEWAY.calls.clear();
    for (Route route : ROUTES) {
      ConsoleBrowser browser = new ConsoleBrowser(BASE);
      HttpResponse<String> answer = route.method().equals("GET") ? browser.get(route.path()) : browser.post(route.path(), FORM);
      if (route.method().equals("GET")) {
        assertThat(answer.statusCode()).as(route.path()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).as(route.path()).hasValue(ConsoleSecurityConfiguration.LOGIN);
      } else {
        // Refused by CSRF (no session, so no token): to the signed-out page, not Spring's English 403.
        assertThat(answer.statusCode()).as("POST " + route.path() + " without session nor token").isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).as(route.path())
            .hasValue(ConsoleSecurityConfiguration.SIGNED_OUT + "?expired");
      }
    }
    assertThat(GATEWAY.calls).as("nothing reached the gateway").isEmpty();
    ConsoleBrowser browser = new ConsoleBrowser(BASE);
    HttpResponse<String> signedOut = browser.get(ConsoleSecurityConfiguration.SIGNED_OUT + "?expired");
    assertThat(signedOut.statusCode()).isEqualTo(200);
  }

  @Test
  void eachRoleGetsItsPagesAnd403Elsewhere() {
    for (Who who : Who.values()) {
      ConsoleBrowser browser = signedIn(who);
      for (Route route : ROUTES) {
        HttpResponse<String> answer = route.method().equals("GET") ? browser.get(route.path())
            : browser.postWithToken(route.path(), FORM);
        int expected = route.who().contains(who) ? route.allowed() : 403;
        assertThat(answer.statusCode()).as(who + " " + route.method() + " " + route.path()).isEqualTo(expected);
        if (answer.statusCode() == 200) {
          assertThat(answer.headers().firstValue("Content-Security-Policy").orElseThrow())
              .as("every console page posts to logout, which ends at the issuer").contains(ISSUER.origin());
        }
      }
    }
  }

  @Test
  void theMenuFollowsTheRoles() {
    String officer = signedIn(Who.OFFICER).get("/console").body();
    assertThat(officer).contains("href=\"/console/requests/new\"").doesNotContain("href=\"/console/queue\"")
        .doesNotContain("href=\"/console/audit\"").contains("officer.an");
    String auditor = signedIn(Who.AUDITOR).get("/console").body();
    assertThat(auditor).contains("href=\"/console/audit\"").doesNotContain("href=\"/console/requests\"");
    String lead = signedIn(Who.LEAD).get("/console").body();
    assertThat(lead).contains("href=\"/console/requests/new\"").contains("href=\"/console/queue\"");
  }

  @Test
  void theFilerSeesNoApproveLinkAndIsRefusedTheRoute() {
    ConsoleBrowser lead = signedIn(Who.LEAD);
    assertThat(lead.get(OWN).body()).doesNotContain("/approve").doesNotContain("/reject");
    assertThat(lead.get(R).body()).contains("href=\"" + R + "/approve\"");
    // Refused by the own-request rule itself, before any marker or issuer: the forbidden page, no redirect.
    HttpResponse<String> own = lead.get(OWN + "/approve");
    assertThat(own.statusCode()).isEqualTo(403);
    assertThat(own.headers().firstValue("Location")).isEmpty();
    assertThat(own.body()).contains("Vai trò của bạn không cho phép trang hoặc thao tác này.");
    assertThat(lead.get(OWN + "/approve/confirm").statusCode()).isEqualTo(403);
    assertThat(lead.postWithToken(OWN + "/approve", Map.of()).statusCode()).isEqualTo(403);
    assertThat(lead.postWithToken(OWN + "/reject", Map.of("reason", "mine")).statusCode()).isEqualTo(403);
  }

  @Test
  void filingTakesTwoStepsAndSendsTheFormsNonceAsIdempotencyKey() {
    ConsoleBrowser officer = signedIn(Who.OFFICER);
    String step1 = officer.get("/console/requests/new").body();
    assertThat(step1).contains("VN-CPC-2015-ART88").contains("VN-DECREE147-2024-ART27");
    String step2 = officer.get("/console/requests/new?basis=VN-DECREE147-2024-ART27").body();
    assertThat(step2).contains("value=\"FULL_NAME\"").doesNotContain("value=\"NATIONAL_ID\"").doesNotContain("name=\"emergency\"");
    String withEmergency = officer.get("/console/requests/new?basis=VN-CPC-2015-ART88").body();
    assertThat(withEmergency).contains("value=\"NATIONAL_ID\"").contains("name=\"emergency\"");
    String nonce = withEmergency.replaceAll("(?s).*name=\"nonce\" value=\"([^\"]+)\".*", "$1");
    Map<String, String> form = new LinkedHashMap<>(FORM);
    form.put("nonce", nonce);
    form.put("_csrf", ConsoleBrowser.csrf(withEmergency));
    GATEWAY.calls.clear();
    HttpResponse<String> filed = officer.post("/console/requests", form);
    assertThat(filed.statusCode()).isEqualTo(303);
    assertThat(filed.headers().firstValue("Location")).hasValue(R);
    ConsoleStubGateway.Call call = GATEWAY.calls.stream().filter(c -> c.method().equals("POST")).findFirst().orElseThrow();
    assertThat(call.idempotencyKey()).isEqualTo(nonce);
    assertThat(call.authorization()).startsWith("Bearer ey");
    assertThat(call.body()).contains("\"legalBasis\":\"VN-CPC-2015-ART88\"").contains("\"fields\":[\"FULL_NAME\"]");
  }

  @Test
  void aRefusedFilingMarksTheFieldsTheApiNamed() {
    ConsoleBrowser officer = signedIn(Who.OFFICER);
    String step2 = officer.get("/console/requests/new?basis=VN-CPC-2015-ART88").body();
    Map<String, String> form = new LinkedHashMap<>(FORM);
    form.put("nonce", step2.replaceAll("(?s).*name=\"nonce\" value=\"([^\"]+)\".*", "$1"));
    form.put("_csrf", ConsoleBrowser.csrf(step2));
    form.put("caseReference", "REFUSED");
    HttpResponse<String> refused = officer.post("/console/requests", form);
    assertThat(refused.statusCode()).isEqualTo(422);
    String page = refused.body();
    assertThat(page).contains("<title>Lỗi: ", "class=\"error-summary\"", "<a href=\"#accountId\">", "<a href=\"#caseReference\">",
        "aria-invalid=\"true\" aria-describedby=\"accountId-error\"", "aria-invalid=\"true\" aria-describedby=\"caseReference-error\"",
        "id=\"caseReference-error\"", "value=\"REFUSED\"").doesNotContain("ENGLISH DETAIL").doesNotContain("somethingElse");
    assertThat(page).doesNotContain("aria-describedby=\"platformId-error\"").doesNotContain("<a href=\"#platformId\">");
    // The summary's links come in the form's order.
    assertThat(page.indexOf("<a href=\"#accountId\">")).isLessThan(page.indexOf("<a href=\"#caseReference\">"));
  }

  @Test
  void aBrokenChainIsExplainedInTheReadersLanguageNotInTheApisEnglish() {
    ConsoleStubGateway.verification = "{\"valid\":false,\"size\":\"9\",\"firstBadSeq\":\"4\",\"problem\":\"hash mismatch\"}";
    try {
      String page = signedIn(Who.AUDITOR).get("/console/audit/verification").body();
      assertThat(page).contains("Không hợp lệ từ mục 4: mã băm của mục không khớp với nội dung").doesNotContain("hash mismatch");
    } finally {
      ConsoleStubGateway.verification = "{\"valid\":true,\"size\":\"1\"}";
    }
  }

  @Test
  void anExpiredPackageIs410AndNoPackageIsCached() {
    ConsoleBrowser officer = signedIn(Who.OFFICER);
    HttpResponse<String> open = officer.get(R + "/package");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    assertThat(open.body()).contains("001204012345");
    // Labels from console.package.field.<name>; a name the bundles do not know shows as it is (no ??…??,
    // and not a page key's text: "heading" is also console.package.heading).
    assertThat(open.body()).contains("<dt>Họ và tên</dt>", "<dt>heading</dt>").doesNotContain("??");
    HttpResponse<String> expired = officer.get("/console/requests/" + ConsoleStubGateway.EXPIRED + "/package");
    assertThat(expired.statusCode()).isEqualTo(410);
    assertThat(expired.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
  }

  @Test
  void anApprovalNeedsAFreshLoginAndSpendsIt() {
    ConsoleBrowser supervisor = signedIn(Who.SUPERVISOR);
    HttpResponse<String> start = supervisor.get(R + "/approve");
    assertThat(start.statusCode()).isEqualTo(303);
    String login = start.headers().firstValue("Location").orElseThrow();
    assertThat(login).startsWith(ConsoleSecurityConfiguration.LOGIN + "?fresh=");
    HttpResponse<String> back = ISSUER.login(supervisor, ConsoleTestIssuer.SUPERVISOR, login, Instant.now(),
        List.of("pwd", "otp"));
    assertThat(ISSUER.lastAuthorization).contains("prompt=login").contains("max_age=0").contains("code_challenge_method=S256");
    assertThat(back.headers().firstValue("Location")).hasValue(R + "/approve/confirm");
    HttpResponse<String> confirm = supervisor.get(R + "/approve/confirm");
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(confirm.body()).contains(ConsoleStubGateway.DIGEST).contains("id=\"approve-now\"");
    GATEWAY.calls.clear();
    HttpResponse<String> approved = supervisor.post(R + "/approve", Map.of("_csrf", ConsoleBrowser.csrf(confirm.body()),
        "note", "proportionate"));
    assertThat(approved.statusCode()).isEqualTo(303);
    ConsoleStubGateway.Call call = GATEWAY.calls.stream().filter(c -> c.path().endsWith("/approve")).findFirst().orElseThrow();
    assertThat(call.ifMatch()).isEqualTo("\"" + ConsoleStubGateway.DIGEST + "\"");
    assertThat(call.body()).contains("proportionate");
    // Single use: the same POST again is refused by the web.
    assertThat(supervisor.postWithToken(R + "/approve", Map.of()).statusCode()).isEqualTo(403);
    assertThat(GATEWAY.calls.stream().filter(c -> c.path().endsWith("/approve")).count()).isEqualTo(1);
  }

  @Test
  void theConfirmationIsGivenOnceAReloadDoesNotRestartTheWindow() {
    ConsoleBrowser supervisor = signedIn(Who.SUPERVISOR);
    String login = supervisor.get(R + "/approve").headers().firstValue("Location").orElseThrow();
    ISSUER.login(supervisor, ConsoleTestIssuer.SUPERVISOR, login, Instant.now(), List.of("pwd", "otp"));
    HttpResponse<String> confirm = supervisor.get(R + "/approve/confirm");
    assertThat(confirm.statusCode()).isEqualTo(200);
    HttpResponse<String> reload = supervisor.get(R + "/approve/confirm");
    assertThat(reload.statusCode()).as("an already confirmed marker is not stamped again").isEqualTo(403);
    assertThat(reload.body()).doesNotContain("id=\"approve-now\"");
  }

  @Test
  void aRequestChangedSinceApproveWasChosenIsNotConfirmed() {
    ConsoleBrowser supervisor = signedIn(Who.SUPERVISOR);
    String login = supervisor.get(R + "/approve").headers().firstValue("Location").orElseThrow();
    ISSUER.login(supervisor, ConsoleTestIssuer.SUPERVISOR, login, Instant.now(), List.of("pwd", "otp"));
    ConsoleStubGateway.digest = "ch4nged";
    try {
      HttpResponse<String> confirm = supervisor.get(R + "/approve/confirm");
      assertThat(confirm.statusCode()).isEqualTo(409);
      assertThat(confirm.body()).doesNotContain("id=\"approve-now\"").contains("Yêu cầu đã thay đổi");
      GATEWAY.calls.clear();
      assertThat(supervisor.postWithToken(R + "/approve", Map.of()).statusCode()).as("marker dropped").isEqualTo(403);
      assertThat(GATEWAY.calls.stream().filter(c -> c.path().endsWith("/approve"))).isEmpty();
    } finally {
      ConsoleStubGateway.digest = ConsoleStubGateway.DIGEST;
    }
  }

  @Test
  void aLoginWithoutOtpOrAnOldOneApprovesNothing() {
    ConsoleBrowser supervisor = signedIn(Who.SUPERVISOR);
    String login = supervisor.get(R + "/approve").headers().firstValue("Location").orElseThrow();
    ISSUER.login(supervisor, ConsoleTestIssuer.SUPERVISOR, login, Instant.now(), List.of("pwd"));
    assertThat(supervisor.get(R + "/approve/confirm").statusCode()).isEqualTo(403);
    assertThat(supervisor.postWithToken(R + "/approve", Map.of()).statusCode()).isEqualTo(403);

    login = supervisor.get(R + "/approve").headers().firstValue("Location").orElseThrow();
    ISSUER.login(supervisor, ConsoleTestIssuer.SUPERVISOR, login, Instant.now().minusSeconds(600), List.of("pwd", "otp"));
    assertThat(supervisor.get(R + "/approve/confirm").statusCode()).isEqualTo(403);
    assertThat(GATEWAY.calls.stream().filter(c -> c.path().endsWith("/approve"))).isEmpty();
  }

  @Test
  void anotherPersonsFreshLoginEndsTheSession() {
    ConsoleBrowser supervisor = signedIn(Who.SUPERVISOR);
    String login = supervisor.get(R + "/approve").headers().firstValue("Location").orElseThrow();
    ISSUER.login(supervisor, ConsoleTestIssuer.LEAD, login, Instant.now(), List.of("pwd", "otp"));
    HttpResponse<String> confirm = supervisor.get(R + "/approve/confirm");
    assertThat(confirm.statusCode()).isEqualTo(303);
    assertThat(confirm.headers().firstValue("Location").orElseThrow()).startsWith(ConsoleSecurityConfiguration.SIGNED_OUT);
    assertThat(supervisor.get("/console").statusCode()).as("signed out").isEqualTo(302);
  }

  @Test
  void logoutEndsTheSessionThenTheIssuers() {
    ConsoleBrowser auditor = signedIn(Who.AUDITOR);
    HttpResponse<String> out = auditor.postWithToken("/console/logout", Map.of());
    assertThat(out.statusCode()).isEqualTo(303);
    String location = out.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(ISSUER.server.endSessionEndpointUrl(ConsoleTestIssuer.REALM).toString())
        .doesNotContain("id_token_hint").contains("post_logout_redirect_uri=" + BASE + "/console/signed-out");
    assertThat(auditor.get("/console").statusCode()).isEqualTo(302);
    assertThat(auditor.get("/console/signed-out").statusCode()).isEqualTo(200);
  }
}
