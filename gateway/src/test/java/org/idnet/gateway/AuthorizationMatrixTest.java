package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every route of the contract (read from the proto access options through {@link ApiCatalog},
 * as the gateway reads them) called through the running gateway with a token of every role and
 * with none: a pair the policy does not allow must answer 401 (no token) or 403, a pair it allows
 * must get past authorization (neither 401 nor 403). Generated, so a new route is covered the day
 * it is added; and the policies themselves are compared with the reviewed list in
 * {@code authorization-policy.txt}, so a new route or a changed policy fails here until that list
 * is updated on purpose.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AuthorizationMatrixTest {

  static final ApiCatalog CATALOG = ApiCatalog.load();
  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();
  static final List<String> ROLES = List.of("platform", "carrier", "agency-officer", "agency-supervisor", "auditor",
      "hosted-pages");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    // Every service of the contract, sandbox ones included, so that every route is served.
    registry.add("idnet.gateway.backends.phone-otp.services",
        () -> "idnet.otp.v1.PhoneVerificationService,idnet.sandbox.v1.SandboxSmsService");
    registry.add("idnet.gateway.backends.identity.services", () -> "idnet.identity.v1.AccountVerificationService,"
        + "idnet.identity.v1.AccountService,idnet.identity.v1.NumberEventService,idnet.identity.v1.AccountImportService,"
        + "idnet.identity.v1.VerificationSessionService,idnet.identity.v1.HostedSessionService,"
        + "idnet.sandbox.v1.SandboxCitizensService");
    registry.add("idnet.gateway.backends.webhooks.services",
        () -> "idnet.webhooks.v1.WebhookEndpointService,idnet.sandbox.v1.SandboxWebhookService");
    for (ApiRoute route : CATALOG.routes()) {
      registry.add("idnet.gateway.rate-limits." + route.rateClass() + ".replenish-rate", () -> "100000");
      registry.add("idnet.gateway.rate-limits." + route.rateClass() + ".burst-capacity", () -> "100000");
    }
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  List<ApiRoute> served;

  private static String policy(ApiRoute route) {
    return route.httpMethod() + " " + route.path() + " " + (route.isPublic() ? "public" : String.join(",", route.roles()))
        + (route.needsEvidence() ? " +evidence" : "") + (route.needsIfMatch() ? " +if-match" : "")
        + (route.hosted() ? " +hosted" : "");
  }

  @Test
  void thePoliciesAreTheReviewedOnes() throws IOException {
    List<String> actual = CATALOG.routes().stream().map(AuthorizationMatrixTest::policy).sorted().toList();
    List<String> expected;
    try (InputStream in = getClass().getResourceAsStream("/authorization-policy.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#")).sorted().toList();
    }
    assertThat(actual).as("a route was added or its policy changed: review it, then update "
        + "gateway/src/test/resources/authorization-policy.txt; the routes now read:\n" + String.join("\n", actual))
        .isEqualTo(expected);
  }

  @Test
  void everyRouteWithEveryRoleAndWithoutATokenIsAnsweredAsItsPolicySays() {
    assertThat(served).as("the gateway under test serves every route of the contract")
        .hasSameSizeAs(CATALOG.routes());
    TestIssuer issuer = TestIssuer.shared();
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("platform", issuer.token("matrix-platform", List.of("platform")));
    tokens.put("carrier", issuer.token("matrix-carrier", List.of("carrier")));
    tokens.put("agency-officer", issuer.personToken("matrix-agency-portal", "matrix.officer",
        List.of("agency-officer"), "agency-m"));
    tokens.put("agency-supervisor", issuer.personToken("matrix-agency-portal", "matrix.supervisor",
        List.of("agency-supervisor"), "agency-m"));
    tokens.put("auditor", issuer.token("matrix-auditor", List.of("auditor")));
    tokens.put("hosted-pages", issuer.token("matrix-web", List.of("hosted-pages")));
    assertThat(tokens.keySet()).containsExactlyElementsOf(ROLES);

    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    List<String> wrong = new ArrayList<>();
    int calls = 0;
    for (ApiRoute route : CATALOG.routes()) {
      String path = route.path().template().replaceAll("\\{[^}]+}", "x");
      for (String role : ROLES) {
        int status = call(http, route, path, tokens.get(role));
        boolean allowed = route.isPublic() || route.roles().contains(role);
        boolean ok = allowed ? status != 401 && status != 403 : status == 403;
        if (!ok) {
          wrong.add(route.httpMethod() + " " + path + " as " + role + ": " + status);
        }
        calls++;
      }
      int status = call(http, route, path, null);
      if (route.isPublic() ? status == 401 || status == 403 : status != 401) {
        wrong.add(route.httpMethod() + " " + path + " without a token: " + status);
      }
      calls++;
    }
    assertThat(wrong).isEmpty();
    assertThat(calls).isEqualTo(CATALOG.routes().size() * (ROLES.size() + 1));
  }

  /**
   * Each route a hosted session may call (policy {@code hosted}), with idnet's pages' token
   * (docs/pages.md section 8): without Idnet-Session 403, with an unknown session 401, and, where
   * the request names an account, a good session for an account outside its scope 404.
   */
  @Test
  void everyHostedRouteRefusesThePagesTokenWithoutAGoodSessionInItsScope() {
    String pages = TestIssuer.shared().token("matrix-web-hosted", List.of("hosted-pages"));
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    String unknown = "vs_BBBBBBBBBBBBBBBBBBBBBB." + FakeBackends.SESSION_SECRET;
    String good = FakeBackends.SESSION_ID + "." + FakeBackends.SESSION_SECRET;
    Map<String, String> outsideScope = Map.of(
        "POST /v1/phone-verifications", "{\"accountId\":\"someone-else\",\"phoneNumber\":\"0912345678\"}",
        "PUT /v1/accounts/{account_id}/real-name",
        "{\"fullName\":\"Nguyen Van A\",\"nationalId\":\"001099012345\",\"dateOfBirth\":\"2001-09-30\"}");
    List<String> wrong = new ArrayList<>();
    int hosted = 0;
    int scoped = 0;
    for (ApiRoute route : CATALOG.routes()) {
      if (!route.hosted()) {
        continue;
      }
      hosted++;
      String path = route.path().template().replace("{account_id}", "someone-else").replaceAll("\\{[^}]+}", "x");
      int none = hostedCall(http, route, path, pages, null, "{}");
      int bad = hostedCall(http, route, path, pages, unknown, "{}");
      if (none != 403 || bad != 401) {
        wrong.add(route.httpMethod() + " " + path + ": without a session " + none + ", unknown session " + bad);
      }
      String body = outsideScope.get(route.httpMethod() + " " + route.path().template());
      if (body != null) {
        scoped++;
        int outside = hostedCall(http, route, path, pages, good, body);
        if (outside != 404) {
          wrong.add(route.httpMethod() + " " + path + ": an account outside the scope " + outside);
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(hosted).isEqualTo(5);
    assertThat(scoped).isEqualTo(2);
  }

  private static int hostedCall(WebTestClient http, ApiRoute route, String path, String token, String session,
      String body) {
    WebTestClient.RequestBodySpec request = http.method(route.httpMethod()).uri(path)
        .header("Authorization", "Bearer " + token);
    if (session != null) {
      request.header("Idnet-Session", session);
    }
    WebTestClient.RequestHeadersSpec<?> ready = route.httpMethod() == HttpMethod.GET
        ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    return ready.exchange().returnResult(String.class).getStatus().value();
  }

  private static int call(WebTestClient http, ApiRoute route, String path, String token) {
    WebTestClient.RequestBodySpec request = http.method(route.httpMethod()).uri(path);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    WebTestClient.RequestHeadersSpec<?> ready = route.httpMethod() == HttpMethod.GET || route.httpMethod() == HttpMethod.DELETE
        ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}");
    return ready.exchange().returnResult(String.class).getStatus().value();
  }
}
