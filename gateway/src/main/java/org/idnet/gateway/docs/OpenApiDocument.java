package org.idnet.gateway.docs;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idnet.gateway.routes.ApiRoute;

/**
 * The OpenAPI 3.1 document of the routes this gateway serves, generated from the same proto
 * descriptors, HTTP rules, access policies and field limits that drive the routing and the
 * transcoding, so the two cannot drift apart; the words come from the proto comments. Linted with
 * Spectral's OWASP API-security ruleset in the build ({@code gateway/api-lint}).
 */
public final class OpenApiDocument {

  static final String DESCRIPTION = """
      The REST/JSON face of idnet's gRPC contract (`proto/` in the repository): every operation is a \
      gRPC method with an HTTP rule, and this document is generated from the same files.

      **Tokens.** Send `Authorization: Bearer <access token>` from the idnet OIDC issuer, obtained with \
      the OAuth2 client-credentials grant (the `oauth2` scheme below names the token endpoint). Roles come \
      from the token's `realm_access.roles`; the platform or carrier id is its `azp`. No token or a bad one: \
      401; a valid token without the route's role: 403. Another platform's or agency's id answers like an \
      unknown one (404).

      **Errors** are `application/problem+json` (RFC 9457) with a stable `code`; invalid input adds \
      `errors: [{field, message}]`. Never a stack trace.

      **Limits.** Every string, list and number states its bounds, and the gateway refuses a request beyond \
      them (400) before any service sees it; bodies over 64 KiB get 413 and unknown fields 400. Bounds stated \
      as 4194304 on answers are the transport's: no answer exceeds 4 MiB. Each client has a token bucket per \
      rate class: answers carry `X-RateLimit-*` headers, an empty bucket answers 429 with `Retry-After`.

      **JSON.** Field names are lowerCamelCase, enums travel by name, times are RFC 3339 UTC strings, and \
      64-bit integers are JSON numbers (below 2^53); requests may also send them as strings.

      Descriptions come from the proto comments and may name gRPC codes; at this edge INVALID_ARGUMENT is \
      400, PERMISSION_DENIED 403, NOT_FOUND 404, ALREADY_EXISTS and FAILED_PRECONDITION 409 (422 or 410 where \
      said), RESOURCE_EXHAUSTED 429, UNAVAILABLE 503 and DEADLINE_EXCEEDED 504.""";

  /** Tags (and paths) in the order a newcomer meets them: platforms first, the sandbox's helpers last. */
  private static final List<String> PACKAGE_ORDER = List.of("idnet.otp.", "idnet.identity.", "idnet.webhooks.",
      "idnet.disclosure.");

  private OpenApiDocument() {
  }

  /**
   * @param tokenUrl the issuer's token endpoint, for the client-credentials flow
   */
  public static Map<String, Object> of(List<ApiRoute> routes, String tokenUrl) {
    ProtoComments comments = new ProtoComments();
    Schemas schemas = new Schemas(comments, routes.stream().map(r -> r.method().getInputType()).toList());
    Operations operations = new Operations(comments, schemas);
    Map<String, Object> paths = new LinkedHashMap<>();
    Map<String, Object> tags = new LinkedHashMap<>();
    for (ApiRoute route : routes.stream().sorted(Comparator.comparingInt(OpenApiDocument::rank)
        .thenComparing(r -> Operations.tag(r.method().getService()))).toList()) {
      ServiceDescriptor service = route.method().getService();
      tags.computeIfAbsent(Operations.tag(service), name -> tag(name, comments.of(service)));
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(Operations.path(route),
          p -> new LinkedHashMap<>());
      item.put(route.httpMethod().name().toLowerCase(java.util.Locale.ROOT), operations.of(route));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Json.obj("title", "idnet API", "version", "v1", "description", DESCRIPTION));
    doc.put("tags", List.copyOf(tags.values()));
    doc.put("paths", paths);
    Map<String, Object> allSchemas = new LinkedHashMap<>(schemas.all());
    allSchemas.putAll(Answers.problemSchemas());
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("schemas", allSchemas);
    components.put("responses", Answers.responses());
    components.put("headers", Answers.headers());
    components.put("securitySchemes", securitySchemes(tokenUrl));
    doc.put("components", components);
    return doc;
  }

  private static int rank(ApiRoute route) {
    for (int i = 0; i < PACKAGE_ORDER.size(); i++) {
      if (route.serviceName().startsWith(PACKAGE_ORDER.get(i))) {
        return i;
      }
    }
    return PACKAGE_ORDER.size();
  }

  private static Map<String, Object> tag(String name, String description) {
    return description.isBlank() ? Json.obj("name", name) : Json.obj("name", name, "description", description);
  }

  /**
   * The same tokens, two ways to say it: Swagger UI fetches one with the client-credentials flow
   * ({@code oauth2}); a client that already holds one sends it as {@code bearer}. Both descriptions
   * state what the gateway checks, which RFC 8725 (JWT best current practices) asks of a verifier.
   */
  private static Map<String, Object> securitySchemes(String tokenUrl) {
    String checks = "Access tokens are JWTs checked as RFC8725 (JWT best current practices) asks: signature"
        + " against the issuer's published keys, algorithms RS256 and ES256 only (never `none`, never an HMAC),"
        + " issuer, audience `idnet`, expiry and not-before with at most 60 s of clock skew. Tokens are"
        + " short-lived and the client-credentials grant issues no refresh token: a client asks for a new one.";
    Map<String, Object> oauth2 = new LinkedHashMap<>();
    oauth2.put("type", "oauth2");
    oauth2.put("description", "The client-credentials grant at the idnet OIDC issuer, with the client id and"
        + " secret idnet gave the platform, carrier or agency. " + checks);
    oauth2.put("flows", Json.obj("clientCredentials", Json.obj("tokenUrl", tokenUrl, "scopes", Json.obj())));
    Map<String, Object> bearer = new LinkedHashMap<>();
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "JWT");
    bearer.put("description", "An access token already obtained from the idnet OIDC issuer. " + checks);
    Map<String, Object> schemes = new LinkedHashMap<>();
    schemes.put("oauth2", oauth2);
    schemes.put("bearer", bearer);
    return schemes;
  }
}
