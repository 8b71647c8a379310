package org.idnet.web.console;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The console's issuer in tests: mock-oauth2-server (the sandbox's light issuer) on a real port, its
 * authorization-code endpoint answering at once (no login page, no OTP: those are Keycloak's and
 * proven by the realm's and the browser tests). Each login takes the claims {@link #login} queues.
 */
final class ConsoleTestIssuer implements AutoCloseable {

  static final String REALM = "idnet";
  final MockOAuth2Server server = new MockOAuth2Server();

  /** A sandbox official: username, sub, realm roles. */
  record Person(String username, String subject, List<String> roles) {
  }

  static final Person OFFICER = new Person("officer.an", "sub-officer-an", List.of(Staff.OFFICER));
  static final Person SUPERVISOR = new Person("supervisor.binh", "sub-supervisor-binh", List.of(Staff.SUPERVISOR));
  static final Person LEAD = new Person("lead.chi", "sub-lead-chi", List.of(Staff.OFFICER, Staff.SUPERVISOR));
  static final Person AUDITOR = new Person("auditor.em", "sub-auditor-em", List.of(Staff.AUDITOR));

  ConsoleTestIssuer() {
    server.start();
  }

  void register(DynamicPropertyRegistry registry) {
    registry.add("idnet.web.console.enabled", () -> "true");
    registry.add("idnet.web.console.client-secret", () -> "idnet-console-secret");
    registry.add("idnet.web.console.issuer", () -> server.issuerUrl(REALM).toString());
    registry.add("idnet.web.console.authorization-uri", () -> server.authorizationEndpointUrl(REALM).toString());
    registry.add("idnet.web.console.token-uri", () -> server.tokenEndpointUrl(REALM).toString());
    registry.add("idnet.web.console.jwk-set-uri", () -> server.jwksUrl(REALM).toString());
    registry.add("idnet.web.console.end-session-uri", () -> server.endSessionEndpointUrl(REALM).toString());
  }

  String origin() {
    return "http://" + server.issuerUrl(REALM).host() + ":" + server.issuerUrl(REALM).port();
  }

  /**
   * Signs {@code person} in through the web's login route ({@code extra} appended to it, e.g.
   * {@code ?fresh=…}) with the claims Keycloak gives: realm roles, agency_id, amr, auth_time.
   *
   * @return the web's answer to the issuer's redirect back (303 to where the web sends the browser)
   */
  HttpResponse<String> login(ConsoleBrowser browser, Person person, String loginPath, Instant authTime, List<String> amr) {
    HttpResponse<String> toIssuer = browser.get(loginPath);
    if (toIssuer.statusCode() / 100 != 3) {
      throw new AssertionError("the login route did not redirect: " + toIssuer.statusCode());
    }
    String authorize = toIssuer.headers().firstValue("Location").orElseThrow();
    lastAuthorization = authorize;
    Map<String, Object> claims = new HashMap<>();
    claims.put("preferred_username", person.username());
    claims.put("agency_id", "agency-1");
    claims.put("realm_access", Map.of("roles", person.roles()));
    claims.put("azp", "idnet-console");
    claims.put("auth_time", authTime.getEpochSecond());
    claims.put("amr", amr);
    server.enqueueCallback(new DefaultOAuth2TokenCallback(REALM, person.subject(), "JWT", List.of("idnet-console"), claims, 300));
    // mock-oauth2-server shows a login form for prompt=login; Keycloak's (password, OTP) is the browser test's.
    HttpResponse<String> back = ConsoleBrowser.visit(authorize.replace("&prompt=login", "").replace("&max_age=0", ""));
    String callback = back.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
        "the issuer did not redirect back: " + back.statusCode() + " " + back.body()));
    return browser.get(callback);
  }

  HttpResponse<String> login(ConsoleBrowser browser, Person person) {
    return login(browser, person, ConsoleSecurityConfiguration.LOGIN, Instant.now(), List.of("pwd", "otp"));
  }

  volatile String lastAuthorization;

  @Override
  public void close() {
    server.shutdown();
  }
}
