package org.idnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.idnet.caller.Caller;
import org.idnet.stores.LocalRedis;
import org.idnet.stores.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on a real port, with a real OIDC issuer (mock-oauth2-server), a real Redis for
 * rate limits and real gRPC backends on sockets: every edge rule over HTTP. No test here depends
 * on another or on their order: each uses clients of its own (buckets and recorded callers are
 * per client), and nothing shared is stopped here (that is {@link RateLimitFailOpenTest} and
 * {@link BackendFailureTest}, with stores and backends of their own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class GatewayRoutesTest {

  static final TestIssuer ISSUER = TestIssuer.shared();
  static final LocalRedis REDIS = TestStores.dedicatedRedis();
  static final FakeBackends BACKENDS = GatewayTestSetup.backends();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    GatewayTestSetup.register(registry, REDIS, BACKENDS);
    // OTP checks: one request empties a client's bucket for a whole minute (60 tokens taken, one
    // back a second), so a second request within the test is refused whenever the first was sent.
    registry.add("idnet.gateway.rate-limits.otp-check.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.otp-check.burst-capacity", () -> "60");
    registry.add("idnet.gateway.rate-limits.otp-check.requested-tokens", () -> "60");
    // Verify-account: 100 requests per client at once, then one a minute, so the hot path's 429
    // test can empty a bucket for sure.
    registry.add("idnet.gateway.rate-limits.check.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.check.burst-capacity", () -> "6000");
    registry.add("idnet.gateway.rate-limits.check.requested-tokens", () -> "60");
    // Disclosure routes: one request a minute per official, for the staff-bucket test.
    // Import batches: one per client, then one a minute.
    registry.add("idnet.gateway.rate-limits.imports.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.imports.burst-capacity", () -> "60");
    registry.add("idnet.gateway.rate-limits.imports.requested-tokens", () -> "60");
    registry.add("idnet.gateway.rate-limits.disclosure.replenish-rate", () -> "1");
    registry.add("idnet.gateway.rate-limits.disclosure.burst-capacity", () -> "60");
    registry.add("idnet.gateway.rate-limits.disclosure.requested-tokens", () -> "60");
  }

  @AfterAll
  static void stop() {
    BACKENDS.close();
  }

  @Value("${local.server.port}")
  int port;
  @org.springframework.beans.factory.annotation.Autowired
  io.micrometer.core.instrument.MeterRegistry meters;
  WebTestClient http;

  @BeforeEach
  void client() {
    http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  static String token(String clientId, List<String> roles) {
    return ISSUER.token(clientId, roles);
  }

  static String platform(String clientId) {
    return token(clientId, List.of("platform"));
  }

  @Test
  void checkAccountIsTranscodedAndCarriesTheSignedCaller() {
    http.get().uri("/v1/accounts/{id}/verification", "acc:1@x").header("Authorization", "Bearer " + platform("platform-transcoded"))
        .exchange()
        .expectStatus().isOk()
        .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
        .expectBody()
        .jsonPath("$.accountId").isEqualTo("acc:1@x")
        .jsonPath("$.status").isEqualTo("VERIFIED")
        .jsonPath("$.level").isEqualTo("PHONE")
        .jsonPath("$.capabilities[0]").isEqualTo("COMMENT")
        .jsonPath("$.ageBand").isEqualTo("UNKNOWN")
        .jsonPath("$.subjectId").doesNotExist();
    assertThat(BACKENDS.callersOf("platform-transcoded")).hasSize(1);
    Caller caller = BACKENDS.callersOf("platform-transcoded").get(0);
    assertThat(caller.platformId()).isEqualTo("platform-transcoded");
    // The official's name is preferred_username, never the token's sub (a UUID in Keycloak).
    assertThat(caller.subject()).isEqualTo("service-account-platform-transcoded");
    assertThat(caller.roles()).containsExactly("platform");
  }

  @Test
  void createAnswers201WithTheResponseBodyField() {
    http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + platform("platform-create"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountId\":\"acc-1\",\"phoneNumber\":\"0912345678\"}")
        .exchange()
        .expectStatus().isCreated()
        .expectBody()
        .jsonPath("$.id").isEqualTo("pv-1")
        .jsonPath("$.phoneNumber").isEqualTo("+8491*****78")
        .jsonPath("$.attemptsRemaining").isEqualTo(5)
        .jsonPath("$.phoneVerification").doesNotExist();
  }

  @Test
  void idempotencyKeyHeaderReachesTheServiceAsMetadata() {
    http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + platform("platform-idempotent"))
        .header("Idempotency-Key", "order-7f3a:1")
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountId\":\"acc-1\",\"phoneNumber\":\"0912345678\"}")
        .exchange()
        .expectStatus().isCreated();
    assertThat(BACKENDS.idempotencyKeys).containsOnlyOnce("order-7f3a:1");
  }

  @Test
  void malformedIdempotencyKeysAre400AndNeverReachTheService() {
    List<String> malformed = List.of("has space", "x".repeat(65), "été");
    for (String bad : malformed) {
      http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + platform("platform-bad-keys"))
          .header("Idempotency-Key", bad)
          .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountId\":\"acc-1\",\"phoneNumber\":\"0912345678\"}")
          .exchange()
          .expectStatus().isBadRequest()
          .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
    }
    assertThat(BACKENDS.callersOf("platform-bad-keys")).isEmpty();
    assertThat(BACKENDS.idempotencyKeys).doesNotContainAnyElementsOf(malformed);
  }

  @Test
  void theOpenApiDocumentIsServedWithoutAToken() {
    http.get().uri("/v3/api-docs").exchange()
        .expectStatus().isOk()
        .expectBody()
        .jsonPath("$.openapi").isEqualTo("3.1.0")
        .jsonPath("$.paths['/v1/phone-verifications'].post.operationId").isEqualTo("CreatePhoneVerification")
        .jsonPath("$.paths['/sandbox/sms']").doesNotExist();
  }

  @Test
  void noTokenIs401Problem() {
    http.get().uri("/v1/accounts/acc-1/verification").exchange()
        .expectStatus().isUnauthorized()
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.status").isEqualTo(401).jsonPath("$.code").isEqualTo("unauthenticated");
  }

  @Test
  void tokenWithoutTheRouteRoleIs403() {
    String carrier = token("carrier-403", List.of("carrier"));
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + carrier).exchange()
        .expectStatus().isForbidden()
        .expectBody().jsonPath("$.code").isEqualTo("forbidden");
    String claimsInternal = token("evil-403", List.of("internal:phone-otp"));
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + claimsInternal).exchange()
        .expectStatus().isForbidden();
    assertThat(BACKENDS.callersOf("carrier-403")).isEmpty();
    assertThat(BACKENDS.callersOf("evil-403")).isEmpty();
  }

  @Test
  void unknownPathsAndSandboxRoutesAre404OutsideTheSandbox() {
    for (String path : List.of("/v1/nothing-here", "/sandbox/sms", "/idnet.identity.v1.PhoneBindingService/BindPhone")) {
      http.get().uri(path).header("Authorization", "Bearer " + platform("platform-404")).exchange()
          .expectStatus().isNotFound()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.code").isEqualTo("not-found");
    }
  }

  @Test
  void badInputIs400ProblemNeverA500() {
    for (String body : List.of("{\"accountId\":\"acc-1\",\"status\":\"APPROVED\"}", "{not json", "[1,2]",
        "{\"accountId\":12,\"phoneNumber\":{}}", "\"text\"")) {
      http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + platform("platform-bad-input"))
          .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
          .expectStatus().isBadRequest()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.code").isEqualTo("invalid-request").jsonPath("$.status").isEqualTo(400);
    }
    http.get().uri("/v1/accounts/acc-1/verification?accountId=other").header("Authorization", "Bearer " + platform("platform-bad-input"))
        .exchange().expectStatus().isBadRequest();
    http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + platform("platform-bad-input"))
        .contentType(MediaType.TEXT_PLAIN).bodyValue("accountId=1").exchange()
        .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }

  /**
   * Found by TranscodingFuzzTest: a Content-Type that is no media type was a 500 ("er-1"), or no
   * answer at all ("\"abc\", W/\"def\"": Spring failed building the exchange; the connection dropped).
   */
  @Test
  void malformedContentTypeIs415NeverA500() throws Exception {
    for (String type : List.of("er-1", "\"abc\", W/\"def\"")) {
      // java.net.http sends the header as given (WebTestClient would parse it first, and fail).
      var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
          .newBuilder(java.net.URI.create("http://localhost:" + port + "/v1/phone-verifications"))
          .header("Authorization", "Bearer " + platform("platform-bad-type")).header("Content-Type", type)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(type).isEqualTo(415);
      assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
  }

  @Test
  void serviceValidationErrorsKeepTheirCodeAndFields() {
    http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + platform("platform-validation"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"accountId\":\"acc-1\",\"phoneNumber\":\"12\"}").exchange()
        .expectStatus().isBadRequest()
        .expectBody()
        .jsonPath("$.code").isEqualTo("invalid-phone-number")
        .jsonPath("$.type").isEqualTo("https://idnet.org/problems/invalid-phone-number")
        .jsonPath("$.errors[0].field").isEqualTo("phoneNumber");
  }

  @Test
  void grpcStatusesMapToHttp() {
    String token = platform("platform-statuses");
    http.get().uri("/v1/phone-verifications/unknown").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("not-found");
    http.get().uri("/v1/phone-verifications/closed").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.code").isEqualTo("verification-closed");
    http.get().uri("/v1/phone-verifications/gone").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isEqualTo(HttpStatus.GONE).expectBody().jsonPath("$.code").isEqualTo("package-expired");
    http.get().uri("/v1/phone-verifications/slow-down").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectHeader().valueEquals("Retry-After", "42")
        .expectBody().jsonPath("$.code").isEqualTo("resend-too-soon");
    http.get().uri("/v1/phone-verifications/store-down").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
        .expectBody().jsonPath("$.code").isEqualTo("store-unavailable");
    http.get().uri("/v1/phone-verifications/boom").header("Authorization", "Bearer " + token).exchange()
        .expectStatus().isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR)
        .expectBody(String.class).value(body -> assertThat(body).doesNotContain("NullPointerException").doesNotContain("Secret.java"));
  }

  @Test
  void bodiesOver64KibAre413() {
    String big = "{\"accountId\":\"" + "a".repeat(70_000) + "\"}";
    http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + platform("platform-413"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(big).exchange()
        .expectStatus().isEqualTo(413)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody().jsonPath("$.code").isEqualTo("payload-too-large");
  }

  @Test
  void importBatchesMayBeLargerUpToTheirClasssLimit() {
    String token = platform("platform-import-413");
    StringBuilder lines = new StringBuilder();
    for (int i = 1; i <= 1000; i++) {
      lines.append(i == 1 ? "" : ",").append("{\"line\":").append(i).append(",\"accountId\":\"user-")
          .append(1_000_000 + i).append("\",\"phoneNumber\":\"+8491").append(1_000_000 + i)
          .append("\",\"verifiedAt\":\"2026-01-02T03:04:05Z\"}");
    }
    String thousand = "{\"batchNumber\":1,\"lines\":[" + lines + "]}";
    assertThat(thousand.length()).isGreaterThan(65_536).isLessThan(1_048_576);
    String uri = "/v1/imports/imp_AAAAAAAAAAAAAAAAAAAAAA/batches";

    // Past the gateway: the fake identity backend does not serve imports (501).
    http.post().uri(uri).header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(thousand).exchange()
        .expectStatus().isEqualTo(501);
    // (another client: this one's import batches are spent for the minute)
    http.post().uri(uri).header("Authorization", "Bearer " + platform("platform-import-413-b"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"batchNumber\":1,\"pad\":\"" + "a".repeat(1_048_576) + "\"}")
        .exchange()
        .expectStatus().isEqualTo(413);
    // Other routes keep the general limit.
    http.post().uri("/v1/phone-verifications").header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(thousand).exchange()
        .expectStatus().isEqualTo(413);
  }

  @Test
  void manyConcurrentCallsToOneBackendAreAllServed() {
    String token = platform("platform-concurrent");
    var client = org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port);
    List<Integer> statuses = reactor.core.publisher.Flux.range(0, 60)
        .flatMap(i -> client.get().uri("/v1/accounts/slow-{i}/verification", i).header("Authorization", "Bearer " + token)
            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 60)
        .collectList().block(java.time.Duration.ofSeconds(30));
    assertThat(statuses).hasSize(60).containsOnly(200);
  }

  @Test
  void rateLimitIsPerClientAndAnswers429ProblemWithRetryAfter() {
    String limited = platform("platform-limited");
    http.post().uri("/v1/phone-verifications/pv-1/check").header("Authorization", "Bearer " + limited)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"code\":\"123456\"}").exchange()
        .expectStatus().isOk();
    // The first request took the whole bucket (60 tokens, one back a second): the second is
    // refused however the two straddle a second, and the client is told to wait the minute.
    http.post().uri("/v1/phone-verifications/pv-1/check").header("Authorization", "Bearer " + limited)
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"code\":\"123456\"}").exchange()
        .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader().valueEquals("Retry-After", "60")
        .expectBody().jsonPath("$.code").isEqualTo("rate-limited");
    // another client has its own bucket
    http.post().uri("/v1/phone-verifications/pv-1/check").header("Authorization", "Bearer " + platform("platform-other"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"code\":\"123456\"}").exchange()
        .expectStatus().isOk();
  }

  @Test
  void importBatchesHaveTheirOwnBucketPerPlatform() {
    String platform = platform("platform-importing");
    String batch = "{\"batchNumber\":1,\"lines\":[{\"line\":1,\"accountId\":\"a\",\"phoneNumber\":\"+84912345678\","
        + "\"verifiedAt\":\"2026-01-02T03:04:05Z\"}]}";
    String uri = "/v1/imports/imp_AAAAAAAAAAAAAAAAAAAAAA/batches";
    // Past the gateway, the fake identity backend does not serve imports: 501 is "let through".
    http.post().uri(uri).header("Authorization", "Bearer " + platform)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(batch).exchange().expectStatus().isEqualTo(501);
    http.post().uri(uri).header("Authorization", "Bearer " + platform)
        .contentType(MediaType.APPLICATION_JSON).bodyValue(batch).exchange()
        .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
        .expectBody().jsonPath("$.code").isEqualTo("rate-limited");
    // The import's other routes count under the default class; another platform has its own bucket.
    http.get().uri("/v1/imports/imp_AAAAAAAAAAAAAAAAAAAAAA").header("Authorization", "Bearer " + platform)
        .exchange().expectStatus().isEqualTo(501);
    http.post().uri(uri).header("Authorization", "Bearer " + platform("platform-importing-too"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue(batch).exchange().expectStatus().isEqualTo(501);
  }

  @Test
  void officialsOfOneAgencyClientDoNotShareABucket() {
    String first = ISSUER.personToken("agency-portal-buckets", "official.one", List.of("agency-officer"), "agency-1");
    String second = ISSUER.personToken("agency-portal-buckets", "official.two", List.of("agency-officer"), "agency-1");
    // (a request let through is answered by the disclosure stand-in, FakeDisclosure)
    http.get().uri("/v1/disclosure-requests/dr-1").header("Authorization", "Bearer " + first).exchange()
        .expectStatus().isOk();
    http.get().uri("/v1/disclosure-requests/dr-1").header("Authorization", "Bearer " + first).exchange()
        .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    http.get().uri("/v1/disclosure-requests/dr-1").header("Authorization", "Bearer " + second).exchange()
        .expectStatus().isOk();
  }

  /** An answer as a client sees it, but for the token count left in the bucket. */
  record Answer(int status, Map<String, List<String>> headers, String body) {
  }

  Answer answer(String path, String token) {
    var result = http.get().uri(path).header("Authorization", "Bearer " + token).exchange()
        .expectBody(String.class).returnResult();
    Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    result.getResponseHeaders().forEach(headers::put);
    headers.remove("X-RateLimit-Remaining");
    return new Answer(result.getStatus().value(), headers, result.getResponseBody());
  }

  double hotPathServed() {
    return meters.get("idnet.gateway.hot.path").counter().count();
  }

  @Test
  void aTokenAlreadyVerifiedTakesTheHotPathAndGetsTheGeneralPathsAnswers() {
    for (String account : List.of("acc-hot", "store-down")) {
      String token = platform("platform-hot");
      String path = "/v1/accounts/" + account + "/verification";
      double before = hotPathServed();
      Answer general = answer(path, token);
      assertThat(hotPathServed()).as("a token's first request takes the general path").isEqualTo(before);
      Answer hot = answer(path, token);
      assertThat(hotPathServed()).isEqualTo(before + 1);
      assertThat(hot).isEqualTo(general);
      assertThat(general.status()).isEqualTo(account.equals("store-down") ? 503 : 200);
      assertThat(general.headers()).containsKeys("X-Content-Type-Options", "X-Frame-Options", "Cache-Control",
          "X-RateLimit-Burst-Capacity", "Referrer-Policy");
    }
    assertThat(BACKENDS.callersOf("platform-hot")).hasSize(4);
  }

  @Test
  void whatTheHotPathCannotVouchForTakesTheGeneralPath() throws Exception {
    String carrier = token("carrier-hot", List.of("carrier"));
    String platform = platform("platform-hot-2");
    answer("/v1/accounts/acc-1/verification", platform);
    double before = hotPathServed();
    for (int i = 0; i < 2; i++) {
      // Remembered after the first request, still without the route's role.
      http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + carrier).exchange()
          .expectStatus().isForbidden();
    }
    http.get().uri("/v1/accounts/acc-1/verification?extra=1").header("Authorization", "Bearer " + platform).exchange()
        .expectStatus().isBadRequest();
    http.get().uri("/v1/accounts/acc-1/verification").header("Authorization", "Bearer " + platform + "x").exchange()
        .expectStatus().isUnauthorized();
    http.get().uri("/v1/accounts/acc-1/verification").exchange().expectStatus().isUnauthorized();
    // What Spring Security's firewall rejects is rejected, by the general path (sent as written: no
    // client-side normalization).
    var raw = java.net.http.HttpClient.newHttpClient();
    for (String path : List.of("/v1/accounts/acc;x=1/verification", "/v1/accounts/../verification",
        "/v1/accounts/acc%2F1/verification")) {
      var response = raw.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
          .header("Authorization", "Bearer " + platform).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).as(path).isEqualTo(400);
    }
    assertThat(hotPathServed()).isEqualTo(before);
  }

  @Test
  void theHotPathSharesTheClientsBucketAndAnswers429AsTheGeneralPathDoes() {
    String path = "/v1/accounts/acc-1/verification";
    String first = platform("platform-hot-limited");
    assertThat(answer(path, first).status()).isEqualTo(200);
    var client = org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port);
    List<Integer> statuses = reactor.core.publisher.Flux.range(0, 120)
        .flatMap(i -> client.get().uri(path).header("Authorization", "Bearer " + first)
            .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 16)
        .collectList().block(java.time.Duration.ofSeconds(30));
    assertThat(statuses).contains(200, 429).containsOnly(200, 429);

    String second = platform("platform-hot-limited");
    double before = hotPathServed();
    Answer general = answer(path, second);
    Answer hot = answer(path, second);
    assertThat(hotPathServed()).isEqualTo(before + 1);
    assertThat(general.status()).isEqualTo(429);
    assertThat(general.headers()).containsEntry("Retry-After", List.of("60"));
    assertThat(hot).isEqualTo(general);
  }

  /**
   * Requests one after another on one keep-alive connection, each sent the moment the previous
   * answer arrived, answered on the event loop (403 by the role check, 404 from the service) and
   * from the gRPC threads (the hot path): every one must be answered. reactor-netty 1.3.6 may
   * buffer a request that arrives before the previous exchange has fully ended and never read
   * again (reactor-netty#4347); that hung the end-to-end tests once, and this test within a few
   * hundred requests, until GatewayApplication turned on reactor-netty's switch for it.
   */
  @Test
  void requestsSentBackToBackOnOneConnectionAreAllAnswered() throws Exception {
    String carrier = token("carrier-keep-alive", List.of("carrier"));
    try (var socket = new java.net.Socket("localhost", port)) {
      socket.setSoTimeout(5_000);
      var out = socket.getOutputStream();
      var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.ISO_8859_1));
      String platform = platform("platform-keep-alive");
      String refused = "POST /v1/phone-verifications HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + carrier
          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
      String served = "GET /v1/accounts/acc-1/verification HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + platform + "\r\n\r\n";
      String notFound = "GET /v1/phone-verifications/unknown HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
          + platform + "\r\n\r\n";
      for (int i = 0; i < 600; i++) {
        String request = i % 3 == 0 ? refused : i % 3 == 1 ? served : notFound;
        out.write(request.getBytes());
        out.flush();
        // (200 reads of each route empty this client's buckets, sooner or later depending on the
        // machine's speed: 429 is an answer too)
        assertThat(statusAndSkipBody(in)).as("request %d", i).isIn(i % 3 == 0 ? List.of(403)
            : i % 3 == 1 ? List.of(200, 429) : List.of(404, 429));
      }
    }
  }

  private static int statusAndSkipBody(java.io.BufferedReader in) throws java.io.IOException {
    int status = Integer.parseInt(in.readLine().split(" ")[1]);
    int length = 0;
    for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    for (int i = 0; i < length; i++) {
      in.read();
    }
    return status;
  }

  @Test
  void aRequestsReadCarriesItsDigestAsETagAndApprovalForwardsIfMatchAndTheSupervisorsOwnToken() {
    // The disclosure rate class allows each official one request a minute here: one official per call.
    String officer = ISSUER.personToken("agency-portal-etag", "officer.etag", List.of("agency-officer"), "agency-1");
    String[] supervisors = new String[3];
    for (int i = 0; i < supervisors.length; i++) {
      supervisors[i] = ISSUER.personToken("agency-portal-etag", "supervisor.etag." + i, List.of("agency-supervisor"),
          "agency-1");
    }
    String id = "3f2a6c1e-0000-4000-8000-000000000001";
    http.get().uri("/v1/disclosure-requests/{id}", id).header("Authorization", "Bearer " + officer).exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("ETag", "\"" + FakeDisclosure.DIGEST + "\"")
        .expectBody().jsonPath("$.digest").isEqualTo(FakeDisclosure.DIGEST);
    // A read carries no authority: no evidence goes along.
    assertThat(BACKENDS.disclosure.calls).contains(List.of("GetDisclosureRequest", "null", "null"));

    int before = BACKENDS.disclosure.calls.size();
    http.post().uri("/v1/disclosure-requests/{id}/approve", id).header("Authorization", "Bearer " + supervisors[0])
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(428)
        .expectHeader().contentType("application/problem+json")
        .expectBody().jsonPath("$.code").isEqualTo("precondition-required");
    assertThat(BACKENDS.disclosure.calls).hasSize(before);

    http.post().uri("/v1/disclosure-requests/{id}/approve", id).header("Authorization", "Bearer " + supervisors[1])
        .header("If-Match", "\"" + "b".repeat(64) + "\"")
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(412)
        .expectBody().jsonPath("$.code").isEqualTo("precondition-failed");

    http.post().uri("/v1/disclosure-requests/{id}/approve", id).header("Authorization", "Bearer " + supervisors[2])
        .header("If-Match", "\"" + FakeDisclosure.DIGEST + "\"")
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isOk()
        .expectHeader().valueEquals("ETag", "\"" + FakeDisclosure.DIGEST + "\"");
    // The supervisor's own token, exactly as sent, goes along as evidence with the If-Match.
    assertThat(BACKENDS.disclosure.calls).contains(List.of("ApproveDisclosureRequest", supervisors[2],
        "\"" + FakeDisclosure.DIGEST + "\""));
  }

  @Test
  void anApprovalWithATokenThatApprovedAnotherRequestIsAConflict() {
    String supervisor = ISSUER.personToken("agency-portal-reused", "supervisor.reused", List.of("agency-supervisor"),
        "agency-1");
    http.post().uri("/v1/disclosure-requests/{id}/approve", FakeDisclosure.REUSED_TOKEN_ID)
        .header("Authorization", "Bearer " + supervisor).header("If-Match", "\"" + FakeDisclosure.DIGEST + "\"")
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(409)
        .expectHeader().contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.code").isEqualTo("evidence-reused")
        .jsonPath("$.detail").isEqualTo(
            "this access token already approved another request; approve each request with a fresh token");
  }

  @Test
  void anApprovalWithATokenOfAnOldLoginIsForbiddenWithFreshLoginRequired() {
    String supervisor = ISSUER.personToken("agency-portal-stale", "supervisor.stale", List.of("agency-supervisor"),
        "agency-1");
    http.post().uri("/v1/disclosure-requests/{id}/approve", FakeDisclosure.STALE_LOGIN_ID)
        .header("Authorization", "Bearer " + supervisor).header("If-Match", "\"" + FakeDisclosure.DIGEST + "\"")
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(403)
        .expectHeader().contentType("application/problem+json")
        .expectBody()
        .jsonPath("$.code").isEqualTo("fresh-login-required");
  }

  @Test
  void evidenceTheServiceRefusesIsTheOfficialsProblemNeverA500() {
    // One official per call: the disclosure rate class allows each one request a minute here.
    http.post().uri("/v1/disclosure-requests/{id}/cancel", "evidence-expired")
        .header("Authorization", "Bearer " + officer("officer.evidence.expired"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(401)
        .expectHeader().contentType("application/problem+json")
        .expectBody().jsonPath("$.code").isEqualTo("evidence-refused")
        .jsonPath("$.detail").isEqualTo("evidence refused (expired): the evidence has expired");

    http.post().uri("/v1/disclosure-requests/{id}/cancel", "evidence-keys")
        .header("Authorization", "Bearer " + officer("officer.evidence.keys"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(503)
        .expectHeader().contentType("application/problem+json")
        .expectHeader().valueEquals("Retry-After", "5")
        .expectBody().jsonPath("$.code").isEqualTo("keys-unavailable");

    http.post().uri("/v1/disclosure-requests/{id}/cancel", "evidence-other")
        .header("Authorization", "Bearer " + officer("officer.evidence.other"))
        .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
        .expectStatus().isEqualTo(403)
        .expectHeader().contentType("application/problem+json")
        .expectBody().jsonPath("$.code").isEqualTo("evidence-refused");
    assertThat(BACKENDS.disclosure.calls).filteredOn(call -> call.get(0).equals("CancelDisclosureRequest")).hasSize(3);
  }

  private static String officer(String username) {
    return ISSUER.personToken("agency-portal-evidence", username, List.of("agency-officer"), "agency-1");
  }
}
