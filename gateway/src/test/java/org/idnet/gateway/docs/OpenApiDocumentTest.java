package org.idnet.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idnet.gateway.routes.ApiCatalog;
import org.idnet.gateway.routes.ApiRoute;
import org.junit.jupiter.api.Test;

/** The document and the routing come from the same HTTP rules: every route is documented, nothing more. */
@SuppressWarnings("unchecked")
class OpenApiDocumentTest {

  static final String TOKEN_URL = "https://issuer.example/realms/idnet/protocol/openid-connect/token";
  private final List<ApiRoute> routes = ApiCatalog.load().routes();
  private final Map<String, Object> doc = OpenApiDocument.of(routes, TOKEN_URL);

  @Test
  void everyRouteOfTheContractIsDocumentedWithItsMethodAndStatus() {
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
    int operations = paths.values().stream().mapToInt(Map::size).sum();
    assertThat(operations).isEqualTo(routes.size());
    for (ApiRoute route : routes) {
      Map<String, Object> op = operation(route);
      assertThat(op).as(route.id()).isNotNull();
      assertThat(op.get("x-grpc-method")).isEqualTo(route.id());
      assertThat((Map<String, Object>) op.get("responses")).containsKey(Integer.toString(route.successStatus()));
    }
    assertThat(paths).containsKey("/v1/accounts/{accountId}/verification");
    assertThat((Map<String, Object>) schema("CreatePhoneVerificationRequest").get("properties"))
        .containsOnlyKeys("accountId", "phoneNumber");
  }

  @Test
  void operationsCarryASummaryADescriptionFromTheProtoAndAReadableTag() {
    for (ApiRoute route : routes) {
      Map<String, Object> op = operation(route);
      assertThat((String) op.get("summary")).as(route.id()).isNotBlank().doesNotContain("\n").hasSizeLessThan(130)
          .isNotEqualTo(route.method().getName());
      assertThat((String) op.get("description")).as(route.id()).startsWith((String) op.get("summary"));
      assertThat((List<String>) op.get("tags")).singleElement().asString().doesNotContain("Service")
          .doesNotMatch(".*[a-z][A-Z].*");
    }
    assertThat(operation(route("CheckAccount")).get("summary"))
        .isEqualTo("Whether one of the caller's accounts is verified, and what it may do (the hot path).");
    assertThat(operation(route("CheckAccount")).get("tags")).isEqualTo(List.of("Account verification"));
    assertThat((List<Map<String, Object>>) doc.get("tags")).allSatisfy(tag -> assertThat(tag).containsKey("description"))
        .extracting(tag -> tag.get("name")).startsWith("Phone verification", "Account verification", "Accounts")
        .endsWith("Sandbox: SMS outbox", "Sandbox: citizens", "Sandbox: webhook inbox");
    Map<String, Object> realName = (Map<String, Object>) ((Map<String, Object>) schema("RegisterRealNameRequestBody")
        .get("properties")).get("nationalId");
    assertThat(realName.get("description")).isEqualTo("The 12-digit personal identification number (citizen id).");
  }

  @Test
  void sixtyFourBitIntegersAreIntegersNotStrings() {
    assertThat(property("AuditCheckpoint", "size")).containsEntry("type", "integer").containsEntry("format", "int64");
    assertThat(property("TransparencyCount", "count")).containsEntry("type", "integer").containsEntry("minimum", 1L)
        .containsEntry("maximum", Schemas.MAX_SAFE_INTEGER);
    assertThat(property("TransparencyDecisionTime", "decided")).containsEntry("type", "integer")
        .containsEntry("minimum", 1L).containsEntry("maximum", Schemas.MAX_SAFE_INTEGER);
    assertThat(property("TransparencyDecisionTime", "medianSeconds")).containsEntry("type", "integer")
        .containsEntry("minimum", 0L).containsEntry("maximum", Schemas.MAX_SAFE_INTEGER);
    // Medians per calendar month, never over the caller's window.
    assertThat(property("TransparencyDecisionTime", "month")).containsEntry("type", "string")
        .containsEntry("pattern", "^[0-9]{4}-[0-9]{2}$");
    assertThat(property("AuditEntry", "seq")).containsEntry("type", "integer").containsEntry("format", "int64");
    assertThat(property("PhoneVerification", "attemptsRemaining")).containsEntry("format", "int32");
  }

  @Test
  void theLimitsDeclaredInTheProtoAreInTheDocument() {
    Map<String, Object> ids = property("LookupAccountsRequest", "accountIds");
    assertThat(ids).containsEntry("minItems", 1).containsEntry("maxItems", 500);
    assertThat((Map<String, Object>) ids.get("items")).containsEntry("maxLength", 128)
        .containsEntry("pattern", "^[A-Za-z0-9._:@-]+$");
    Map<String, Object> path = ((List<Map<String, Object>>) operation(route("CheckAccount")).get("parameters")).get(0);
    assertThat(path).containsEntry("name", "accountId").containsEntry("in", "path");
    assertThat((Map<String, Object>) path.get("schema")).containsEntry("maxLength", 128).containsEntry("minLength", 1);
    List<Map<String, Object>> query = (List<Map<String, Object>>) operation(route("ListAuditEntries")).get("parameters");
    assertThat(query).extracting(p -> p.get("name")).containsExactly("fromSeq", "limit");
    assertThat((Map<String, Object>) query.get(1).get("schema")).containsEntry("maximum", 1000L);
    assertThat(schema("LookupAccountsRequest")).containsEntry("additionalProperties", false)
        .containsEntry("required", List.of("accountIds"));
    assertThat(schema("AccountVerification")).doesNotContainKey("additionalProperties");
  }

  /** The agency reads where a disclosed phone number's proof comes from: OTP through idnet, or IMPORTED and since when. */
  @Test
  void theDisclosurePackageLabelsItsPhoneNumberWithItsSource() {
    assertThat(property("DisclosurePackage", "fields")).containsEntry("$ref", "#/components/schemas/IdentityFields");
    assertThat((Map<String, Object>) schema("IdentityFields").get("properties"))
        .containsKeys("phoneNumber", "phoneSource", "phonePlatformVerifiedAt");
    assertThat(property("IdentityFields", "phoneSource")).containsEntry("type", "string")
        .containsEntry("enum", List.of("OTP", "IMPORTED"));
    assertThat((String) property("IdentityFields", "phoneSource").get("description")).contains("IMPORTED");
    assertThat(property("IdentityFields", "phonePlatformVerifiedAt")).containsEntry("format", "date-time");
  }

  /** What Spectral's OWASP rules ask, held here too: nothing unbounded anywhere in the document. */
  @Test
  void everyStringListAndIntegerIsBounded() {
    List<String> unbounded = new ArrayList<>();
    walk(doc, "$", unbounded);
    assertThat(unbounded).isEmpty();
  }

  @Test
  void answersDeclareTheRateLimitHeadersExceptWhereTheTokenCheckAnswers() {
    Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("responses");
    for (String name : List.of("BadRequest", "NotFound", "PayloadTooLarge", "UnsupportedMediaType", "TooManyRequests")) {
      assertThat((Map<String, Object>) ((Map<String, Object>) responses.get(name)).get("headers")).as(name)
          .containsKeys("X-RateLimit-Remaining", "X-RateLimit-Burst-Capacity", "X-RateLimit-Replenish-Rate",
              "X-RateLimit-Requested-Tokens");
    }
    assertThat((Map<String, Object>) ((Map<String, Object>) responses.get("TooManyRequests")).get("headers"))
        .containsKey("Retry-After");
    assertThat((Map<String, Object>) responses.get("Unauthorized")).doesNotContainKey("headers");
    assertThat((Map<String, Object>) responses.get("Forbidden")).doesNotContainKey("headers");
    Map<String, Object> created = (Map<String, Object>) ((Map<String, Object>) operation(route("CreatePhoneVerification"))
        .get("responses")).get("201");
    assertThat((Map<String, Object>) created.get("headers")).hasSize(4);
  }

  @Test
  void theClientCredentialsFlowUsesTheGivenTokenEndpointAndPublicRoutesNeedNoToken() {
    Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("securitySchemes");
    Map<String, Object> flows = (Map<String, Object>) ((Map<String, Object>) schemes.get("oauth2")).get("flows");
    assertThat((Map<String, Object>) flows.get("clientCredentials")).containsEntry("tokenUrl", TOKEN_URL);
    assertThat((Map<String, Object>) schemes.get("bearer")).containsEntry("bearerFormat", "JWT");
    assertThat(operation(route("GetTransparencyReport")).get("security")).isEqualTo(List.of());
    assertThat(operation(route("CheckAccount")).get("security")).isEqualTo(Operations.TOKEN);
    List<Map<String, Object>> disclosure = (List<Map<String, Object>>) operation(route("CreateDisclosureRequest"))
        .get("parameters");
    assertThat(disclosure).extracting(p -> p.get("name")).containsExactly("Idempotency-Key");
    List<Map<String, Object>> phone = (List<Map<String, Object>>) operation(route("CreatePhoneVerification"))
        .get("parameters");
    assertThat(phone).extracting(p -> p.get("name")).containsExactly("Idempotency-Key", "Idnet-Session");
    assertThat(operation(route("LookupAccounts"))).doesNotContainKey("parameters");
  }

  @Test
  void hostedStepsAndThePagesSessionRoutesDeclareIdnetSessionWithItsRefusals() {
    for (String method : List.of("CreatePhoneVerification", "GetPhoneVerification", "CheckPhoneVerification",
        "ResendPhoneVerification", "RegisterRealName")) {
      Map<String, Object> operation = operation(route(method));
      List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.get("parameters");
      assertThat(parameters).as(method).filteredOn(p -> "Idnet-Session".equals(p.get("name"))).singleElement()
          .satisfies(p -> {
            assertThat(p).containsEntry("in", "header").containsEntry("required", false);
            assertThat((String) p.get("description")).contains("401 `invalid-session`", "403 `session-required`",
                "404 `account-not-found`");
            assertThat((Map<String, Object>) p.get("schema")).containsEntry("pattern",
                "^vs_[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$");
          });
      assertThat((Map<String, Object>) operation.get("responses")).as(method).containsKeys("401", "403", "404", "429");
      assertThat((String) operation.get("description")).as(method).contains("hosted verification session");
    }
    for (String method : List.of("GetHostedSession", "CompleteHostedSession", "CancelHostedSession")) {
      List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation(route(method)).get("parameters");
      assertThat(parameters).as(method).filteredOn(p -> "Idnet-Session".equals(p.get("name"))).singleElement()
          .satisfies(p -> assertThat(p).containsEntry("required", true));
    }
    for (String method : List.of("OpenHostedSession", "CheckAccount", "CreateVerificationSession")) {
      Object parameters = operation(route(method)).getOrDefault("parameters", List.of());
      assertThat((List<Map<String, Object>>) parameters).as(method).noneMatch(p -> "Idnet-Session".equals(p.get("name")));
    }
  }

  @Test
  void approvalDeclaresIfMatchWithItsRefusalsAndReadsOfARequestDeclareTheirETag() {
    Map<String, Object> approve = operation(route("ApproveDisclosureRequest"));
    List<Map<String, Object>> parameters = (List<Map<String, Object>>) approve.get("parameters");
    assertThat(parameters).filteredOn(p -> "If-Match".equals(p.get("name")))
        .singleElement().satisfies(p -> assertThat(p).containsEntry("in", "header").containsEntry("required", true));
    assertThat((Map<String, Object>) approve.get("responses")).containsKeys("412", "428");
    for (String method : List.of("GetDisclosureRequest", "CreateDisclosureRequest", "ApproveDisclosureRequest")) {
      Map<String, Object> responses = (Map<String, Object>) operation(route(method)).get("responses");
      Map<String, Object> success = (Map<String, Object>) responses.get(method.startsWith("Create") ? "201" : "200");
      assertThat((Map<String, Object>) success.get("headers")).as(method).containsKey("ETag");
    }
    Map<String, Object> rejectResponses = (Map<String, Object>) operation(route("RejectDisclosureRequest"))
        .get("responses");
    assertThat(rejectResponses).doesNotContainKeys("412", "428");
    Map<String, Object> listed = (Map<String, Object>) ((Map<String, Object>) operation(route("ListDisclosureRequests"))
        .get("responses")).get("200");
    assertThat((Map<String, Object>) listed.get("headers")).doesNotContainKey("ETag");
  }

  private static void walk(Object node, String at, List<String> unbounded) {
    if (node instanceof Map<?, ?> map) {
      Object type = map.get("type");
      boolean bounded = switch (String.valueOf(type)) {
        case "string" -> map.containsKey("maxLength") || map.containsKey("enum");
        case "array" -> map.containsKey("maxItems");
        case "integer" -> map.containsKey("minimum") && map.containsKey("maximum") && map.containsKey("format");
        default -> true;
      };
      if (!bounded && !at.endsWith(".properties")) {
        unbounded.add(at);
      }
      map.forEach((k, v) -> walk(v, at + "." + k, unbounded));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), at + "[" + i + "]", unbounded);
      }
    }
  }

  private ApiRoute route(String method) {
    return routes.stream().filter(r -> r.method().getName().equals(method)).findFirst().orElseThrow();
  }

  private Map<String, Object> operation(ApiRoute route) {
    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
    return (Map<String, Object>) paths.get(Operations.path(route)).get(route.httpMethod().name().toLowerCase());
  }

  private Map<String, Object> schema(String name) {
    return (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("schemas")).get(name);
  }

  private Map<String, Object> property(String schema, String name) {
    return (Map<String, Object>) ((Map<String, Object>) schema(schema).get("properties")).get(name);
  }
}
