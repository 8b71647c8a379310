package org.idnet.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.idnet.gateway.routes.ApiRoute;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API documentation as a client meets it, on a real gateway (real issuer, Redis and gRPC
 * backend): Swagger UI over the generated document, the issuer's token endpoint in it, and the
 * document's promises kept: the rate-limit headers it declares are sent, the limits it declares are
 * enforced, and 64-bit integers arrive as numbers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocsTest {

  static final String ISSUER_ID = "realms/idnet";
  static final MockOAuth2Server OIDC = new MockOAuth2Server();
  static final FakeNetwork BACKEND;
  static final JsonMapper JSON = JsonMapper.builder().build();

  static {
    OIDC.start();
    try {
      BACKEND = new FakeNetwork();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("idnet.gateway.jwt.issuer-uri", () -> OIDC.issuerUrl(ISSUER_ID).toString());
    registry.add("idnet.tls.directory", () -> org.idnet.gateway.TestTls.directory("gateway").toString());
    registry.add("spring.data.redis.url", () -> TestStores.redis().uri());
    // Every service of the contract, sandbox ones included, so the served document is the whole one.
    registry.add("idnet.gateway.backends.phone-otp.services", () -> "idnet.otp.v1.PhoneVerificationService,"
        + "idnet.sandbox.v1.SandboxSmsService");
    registry.add("idnet.gateway.backends.identity.services", () -> "idnet.identity.v1.AccountVerificationService,"
        + "idnet.identity.v1.AccountService,idnet.identity.v1.NumberEventService,idnet.identity.v1.AccountImportService,"
        + "idnet.identity.v1.VerificationSessionService,idnet.identity.v1.HostedSessionService,"
        + "idnet.sandbox.v1.SandboxCitizensService");
    registry.add("idnet.gateway.backends.webhooks.services", () -> "idnet.webhooks.v1.WebhookEndpointService,"
        + "idnet.sandbox.v1.SandboxWebhookService");
    for (String backend : List.of("phone-otp", "identity", "disclosure", "webhooks")) {
      registry.add("idnet.gateway.backends." + backend + ".target", BACKEND::target);
      // One stand-in serves every backend here, with identity-service's certificate.
      registry.add("idnet.gateway.backends." + backend + ".peer", () -> "identity-service");
    }
    registry.add("idnet.gateway.rate-limits.lookup.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.lookup.burst-capacity", () -> "4");
  }

  @AfterAll
  static void stop() {
    BACKEND.close();
    OIDC.shutdown();
  }

  @Value("${local.server.port}")
  int port;
  @Autowired
  List<ApiRoute> apiRoutes;
  WebTestClient http;

  @BeforeEach
  void client() {
    // Generous: the first Swagger UI page is read from a webjar while the machine may be busy.
    http = WebTestClient.bindToServer().responseTimeout(java.time.Duration.ofSeconds(30)).baseUrl("http://localhost:" + port).build();
  }

  static String token(String clientId, String role) {
    return OIDC.issueToken(ISSUER_ID, clientId, new DefaultOAuth2TokenCallback(ISSUER_ID, "service-account-" + clientId,
        "JWT", List.of("idnet"), Map.of("azp", clientId, "agency_id", "agency-1", "preferred_username", "service-account-" + clientId,
            "realm_access", Map.of("roles", List.of(role))), 300)).serialize();
  }

  @Test
  void swaggerUiIsServedWithoutATokenOverTheGeneratedDocument() {
    String index = http.get().uri("/swagger-ui.html").exchange()
        .expectStatus().is3xxRedirection()
        .returnResult(String.class).getResponseHeaders().getLocation().toString();
    assertThat(index).endsWith("/swagger-ui/index.html");
    http.get().uri(index).exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
        .expectBody(String.class).value(html -> assertThat(html).contains("swagger-ui"));
    http.get().uri("/v3/api-docs/swagger-config").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.url").isEqualTo(OpenApiConfiguration.PATH)
        .jsonPath("$.urls").doesNotExist()
        .jsonPath("$.oauth2RedirectUrl").value(url -> assertThat((String) url).endsWith("/swagger-ui/oauth2-redirect.html"));
    // No second document built by scanning controllers.
    http.get().uri("/v3/api-docs.yaml").exchange().expectStatus().value(status -> assertThat(status).isNotEqualTo(200));
  }

  @Test
  void theServedDocumentIsTheGeneratedOneWithTheIssuersTokenEndpoint() {
    JsonNode served = document();
    String tokenUrl = OIDC.tokenEndpointUrl(ISSUER_ID).toString();
    assertThat(served.at("/components/securitySchemes/oauth2/flows/clientCredentials/tokenUrl").asString())
        .isEqualTo(tokenUrl);
    assertThat(served).isEqualTo(JSON.readTree(JSON.writeValueAsString(OpenApiDocument.of(apiRoutes, tokenUrl))));
    assertThat(served.at("/paths").size()).isEqualTo(
        (int) apiRoutes.stream().map(Operations::path).distinct().count());
  }

  @Test
  void theRateLimitHeadersTheDocumentDeclaresAreSent() {
    JsonNode doc = document();
    String platform = token("platform-headers", "platform");
    declaredHeadersAreSent(doc, "/v1/transparency-report", "get", http.get().uri("/v1/transparency-report"), 200);
    declaredHeadersAreSent(doc, "/v1/transparency-report", "get", http.get().uri("/v1/transparency-report?nope=1"), 400);
    declaredHeadersAreSent(doc, "/v1/disclosure-requests/{id}", "get", http.get().uri("/v1/disclosure-requests/unknown")
        .header("Authorization", "Bearer " + token("officer-headers", "agency-officer")), 404);
    declaredHeadersAreSent(doc, "/v1/accounts/verification-lookups", "post", http.post()
        .uri("/v1/accounts/verification-lookups").header("Authorization", "Bearer " + platform)
        .contentType(MediaType.TEXT_PLAIN).bodyValue("x"), 415);
    declaredHeadersAreSent(doc, "/v1/accounts/verification-lookups", "post", http.post()
        .uri("/v1/accounts/verification-lookups").header("Authorization", "Bearer " + platform)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountIds\":[\"" + "a".repeat(70_000) + "\"]}"), 413);
    // Spend the bucket (burst 4, one token back a second) until a request is refused: on a busy
    // machine a token may come back between two requests, so this does not count on timing.
    EntityExchangeResult<byte[]> limited = null;
    for (int i = 0; i < 50 && limited == null; i++) {
      EntityExchangeResult<byte[]> result = http.post().uri("/v1/accounts/verification-lookups")
          .header("Authorization", "Bearer " + platform).contentType(MediaType.APPLICATION_JSON)
          .bodyValue("{\"accountIds\":[\"a\"]}").exchange().expectBody().returnResult();
      assertThat(result.getStatus().value()).isIn(200, 429);
      limited = result.getStatus().value() == 429 ? result : null;
    }
    assertThat(limited).as("a request beyond the burst is refused").isNotNull();
    headersDeclared(doc, "/v1/accounts/verification-lookups", "post", limited, 429);
    assertThat(limited.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
    // The token check answers before any bucket: no rate-limit header is declared there, none is sent.
    var unauthorized = declaredHeadersAreSent(doc, "/v1/legal-bases", "get", http.get().uri("/v1/legal-bases"), 401);
    assertThat(unauthorized.getResponseHeaders().headerNames()).noneMatch(h -> h.startsWith("X-RateLimit"));
  }

  /** Answers {@code request} with {@code status} and carries every header the document declares for it. */
  private EntityExchangeResult<byte[]> declaredHeadersAreSent(JsonNode doc, String path, String method,
      WebTestClient.RequestHeadersSpec<?> request, int status) {
    return headersDeclared(doc, path, method,
        request.exchange().expectStatus().isEqualTo(status).expectBody().returnResult(), status);
  }

  private EntityExchangeResult<byte[]> headersDeclared(JsonNode doc, String path, String method,
      EntityExchangeResult<byte[]> result, int status) {
    JsonNode response = resolve(doc, doc.path("paths").path(path).path(method).path("responses").path(Integer.toString(status)));
    assertThat(response.isMissingNode()).as(path + " declares " + status).isFalse();
    for (String header : response.path("headers").propertyNames()) {
      boolean required = resolve(doc, response.path("headers").path(header)).path("required").asBoolean(false);
      if (required || header.startsWith("X-RateLimit")) {
        assertThat(result.getResponseHeaders().getFirst(header)).as(status + " " + header).isNotBlank();
      }
    }
    return result;
  }

  @Test
  void limitsDeclaredInTheProtoAreEnforcedOverHttpBeforeAnyServiceIsCalled() {
    String platform = token("platform-limits", "platform");
    http.get().uri("/v1/accounts/{id}/verification", "a".repeat(128)).header("Authorization", "Bearer " + platform)
        .exchange().expectStatus().isOk();
    http.post().uri("/v1/accounts/verification-lookups").header("Authorization", "Bearer " + token("platform-500", "platform"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountIds\":[" + "\"a\",".repeat(499) + "\"a\"]}")
        .exchange().expectStatus().isOk().expectBody().jsonPath("$.results.length()").isEqualTo(500);
    String auditor = token("auditor-limits", "auditor");
    http.get().uri("/v1/audit/entries?limit=1000&fromSeq=9007199254740991").header("Authorization", "Bearer " + auditor)
        .exchange().expectStatus().isOk();
    String officer = token("officer-limits", "agency-officer");
    http.post().uri("/v1/disclosure-requests").header("Authorization", "Bearer " + officer)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(disclosure("platform-a", "x".repeat(2000))).exchange()
        .expectStatus().isCreated();

    int before = BACKEND.calls.get();
    refused(http.get().uri("/v1/accounts/{id}/verification", "a".repeat(129)).header("Authorization", "Bearer " + platform),
        "invalid-account-id", "accountId");
    refused(http.post().uri("/v1/accounts/verification-lookups").header("Authorization", "Bearer " + token("platform-501", "platform"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountIds\":[" + "\"a\",".repeat(500) + "\"a\"]}"),
        "invalid-account-ids", "accountIds");
    refused(http.get().uri("/v1/audit/entries?limit=1001").header("Authorization", "Bearer " + auditor),
        "invalid-request", "limit");
    refused(http.post().uri("/v1/disclosure-requests").header("Authorization", "Bearer " + officer)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(disclosure("platform-a", "x".repeat(2001))),
        "invalid-request", "justification");
    refused(http.post().uri("/v1/disclosure-requests").header("Authorization", "Bearer " + officer)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(disclosure("platform a", "why")),
        "invalid-request", "target.platformId");
    assertThat(BACKEND.calls.get()).as("refused requests never reach a service").isEqualTo(before);
  }

  private static String disclosure(String platform, String justification) {
    return "{\"target\":{\"platformId\":\"" + platform + "\",\"accountId\":\"alice\"},\"legalBasis\":\"VN-CPC-2015-ART88\","
        + "\"caseReference\":\"2026/HS-0042\",\"fields\":[\"FULL_NAME\"],\"justification\":\"" + justification + "\"}";
  }

  private static void refused(WebTestClient.RequestHeadersSpec<?> request, String code, String field) {
    request.exchange()
        .expectStatus().isBadRequest()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.code").isEqualTo(code)
        .jsonPath("$.errors[0].field").isEqualTo(field);
  }

  @Test
  void sixtyFourBitIntegersArriveAsJsonNumbers() {
    http.get().uri("/v1/transparency-report").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.total").isNumber()
        .jsonPath("$.counts[0].count").isNumber()
        .jsonPath("$.counts[0].count").isEqualTo(3)
        .jsonPath("$.decisionTimes[0].decided").isEqualTo(3)
        .jsonPath("$.decisionTimes[0].month").isEqualTo("2026-11")
        // Fewer than 5 decided: the median is left out, not sent as 0.
        .jsonPath("$.decisionTimes[0].medianSeconds").doesNotExist();
    String auditor = token("auditor-numbers", "auditor");
    http.get().uri("/v1/audit/checkpoint").header("Authorization", "Bearer " + auditor).exchange()
        .expectStatus().isOk()
        .expectBody(String.class).value(body -> assertThat(body).contains("\"size\":4").doesNotContain("\"4\""));
    http.get().uri("/v1/audit/entries?fromSeq=\"1\"".replace("\"", "")).header("Authorization", "Bearer " + auditor)
        .exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.entries[0].seq").isNumber()
        .jsonPath("$.entries[1].seq").isEqualTo(2);
  }

  private JsonNode document() {
    byte[] body = http.get().uri(OpenApiConfiguration.PATH).exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody().returnResult().getResponseBody();
    return JSON.readTree(body);
  }

  private static JsonNode resolve(JsonNode doc, JsonNode node) {
    return node.has("$ref") ? doc.at(node.get("$ref").asString().substring(1)) : node;
  }
}
