package org.idnet.web.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.idnet.web.gateway.GatewayClient;
import org.idnet.web.gateway.GatewayProblem;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The console's calls to the gateway's disclosure and audit API, each with the official's own access
 * token as {@code Bearer}: the gateway and the services decide what is allowed. A refusal becomes a
 * {@link GatewayProblem} (status and code only), an outage {@code gateway-unavailable}.
 */
public final class ConsoleGateway {

  static final String REQUESTS = "/v1/disclosure-requests";

  private final WebClient http;
  private final Duration timeout;

  public ConsoleGateway(WebClient.Builder builder, String gatewayUrl, Duration timeout) {
    this.http = builder.baseUrl(gatewayUrl).build();
    this.timeout = timeout;
  }

  /** A legal basis: its code, title, the fields it allows and whether emergency filing is allowed. */
  public record LegalBasis(String code, String title, List<String> allowedFields, boolean emergencyAllowed) {
  }

  /** A disclosure request as the pages show it. */
  public record Request(String id, String agencyId, String requestedBy, String platformId, String accountId,
      String legalBasis, String caseReference, List<String> fields, boolean emergency, String status,
      Instant createdAt, Instant dueAt, String decidedBy, Instant decidedAt, Instant packageExpiresAt,
      String justification, String decisionNote, String digest) {

    static Request of(JsonNode r) {
      List<String> fields = new ArrayList<>();
      r.path("fields").forEach(f -> fields.add(f.asString()));
      return new Request(text(r, "id"), text(r, "agencyId"), text(r, "requestedBy"), text(r.path("target"), "platformId"),
          text(r.path("target"), "accountId"), text(r, "legalBasis"), text(r, "caseReference"), fields,
          r.path("emergency").asBoolean(false), text(r, "status"), instant(r, "createdAt"), instant(r, "dueAt"),
          text(r, "decidedBy"), instant(r, "decidedAt"), instant(r, "packageExpiresAt"), text(r, "justification"),
          text(r, "decisionNote"), text(r, "digest"));
    }

    public boolean awaitingApproval() {
      return "AWAITING_APPROVAL".equals(status);
    }

    public boolean disclosed() {
      return "DISCLOSED".equals(status);
    }
  }

  /** An opened package: the fields released, in the API's names. */
  public record Package(String requestId, Map<String, String> fields, Instant disclosedAt, Instant expiresAt) {
  }

  /** One audit entry. */
  public record AuditEntry(long seq, Instant at, String type, String actor, String requestId, String agencyId,
      String hash) {
  }

  /** The signed checkpoint. */
  public record Checkpoint(long size, String rootHash, Instant issuedAt, String keyId) {
  }

  /** The chain verification. */
  public record Verification(boolean valid, long size, Long firstBadSeq, String problem) {
  }

  public Mono<List<LegalBasis>> legalBases(String token) {
    return call(HttpMethod.GET, "/v1/legal-bases", token, null, Map.of(), body -> {
      List<LegalBasis> bases = new ArrayList<>();
      body.path("legalBases").forEach(b -> {
        List<String> fields = new ArrayList<>();
        b.path("allowedFields").forEach(f -> fields.add(f.asString()));
        bases.add(new LegalBasis(text(b, "code"), text(b, "title"), fields, b.path("emergencyAllowed").asBoolean(false)));
      });
      return bases;
    });
  }

  public Mono<List<Request>> requests(String token, String status) {
    String path = status == null ? REQUESTS + "?pageSize=100" : REQUESTS + "?pageSize=100&status=" + status;
    return call(HttpMethod.GET, path, token, null, Map.of(), body -> {
      List<Request> requests = new ArrayList<>();
      body.path("requests").forEach(r -> requests.add(Request.of(r)));
      return requests;
    });
  }

  public Mono<Request> request(String token, String id) {
    return call(HttpMethod.GET, REQUESTS + "/" + id, token, null, Map.of(), Request::of);
  }

  public Mono<Request> file(String token, Map<String, Object> body, String idempotencyKey) {
    return call(HttpMethod.POST, REQUESTS, token, body, Map.of("Idempotency-Key", idempotencyKey), Request::of);
  }

  public Mono<Request> cancel(String token, String id) {
    return call(HttpMethod.POST, REQUESTS + "/" + id + "/cancel", token, Map.of(), Map.of(), Request::of);
  }

  public Mono<Request> reject(String token, String id, String reason) {
    return call(HttpMethod.POST, REQUESTS + "/" + id + "/reject", token, Map.of("reason", reason), Map.of(), Request::of);
  }

  public Mono<Request> approve(String token, String id, String digest, String note) {
    Map<String, Object> body = note == null || note.isBlank() ? Map.of() : Map.of("note", note);
    return call(HttpMethod.POST, REQUESTS + "/" + id + "/approve", token, body, Map.of("If-Match", "\"" + digest + "\""),
        Request::of);
  }

  public Mono<Package> openPackage(String token, String id) {
    return call(HttpMethod.GET, REQUESTS + "/" + id + "/package", token, null, Map.of(), body -> {
      Map<String, String> fields = new LinkedHashMap<>();
      body.path("fields").properties().forEach(e -> fields.put(e.getKey(), e.getValue().asString()));
      return new Package(text(body, "requestId"), fields, instant(body, "disclosedAt"), instant(body, "expiresAt"));
    });
  }

  public Mono<List<AuditEntry>> auditEntries(String token, long fromSeq) {
    return call(HttpMethod.GET, "/v1/audit/entries?limit=100&fromSeq=" + fromSeq, token, null, Map.of(), body -> {
      List<AuditEntry> entries = new ArrayList<>();
      body.path("entries").forEach(e -> entries.add(new AuditEntry(number(e.path("seq")), instant(e, "at"), text(e, "type"),
          text(e, "actor"), text(e, "requestId"), text(e, "agencyId"), text(e, "hash"))));
      return entries;
    });
  }

  public Mono<Checkpoint> checkpoint(String token) {
    return call(HttpMethod.GET, "/v1/audit/checkpoint", token, null, Map.of(),
        b -> new Checkpoint(number(b.path("size")), text(b, "rootHash"), instant(b, "issuedAt"), text(b, "keyId")));
  }

  public Mono<Verification> verification(String token) {
    return call(HttpMethod.GET, "/v1/audit/verification", token, null, Map.of(),
        b -> new Verification(b.path("valid").asBoolean(false), number(b.path("size")),
            b.has("firstBadSeq") ? number(b.path("firstBadSeq")) : null, text(b, "problem")));
  }

  private <T> Mono<T> call(HttpMethod method, String path, String token, Object body, Map<String, String> headers,
      Function<JsonNode, T> read) {
    WebClient.RequestBodySpec spec = http.method(method).uri(path).accept(MediaType.APPLICATION_JSON)
        .headers(h -> {
          h.setBearerAuth(token);
          headers.forEach(h::set);
        });
    WebClient.RequestHeadersSpec<?> ready = body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
    return ready.exchangeToMono(response -> answer(response, read))
        .timeout(timeout)
        .onErrorMap(e -> !(e instanceof GatewayProblem), e -> new GatewayProblem(503, GatewayProblem.UNAVAILABLE, List.of()));
  }

  private static <T> Mono<T> answer(ClientResponse response, Function<JsonNode, T> read) {
    if (response.statusCode().is2xxSuccessful()) {
      return response.bodyToMono(JsonNode.class).map(read);
    }
    int status = response.statusCode().value();
    return response.bodyToMono(JsonNode.class)
        .map(b -> GatewayClient.problem(status, b))
        .onErrorResume(e -> Mono.just(new GatewayProblem(status, GatewayProblem.UNAVAILABLE, List.of())))
        .defaultIfEmpty(new GatewayProblem(status, GatewayProblem.UNAVAILABLE, List.of()))
        .flatMap(Mono::error);
  }

  /** A 64-bit integer, printed as a number or (proto JSON) as a string. */
  private static long number(JsonNode node) {
    return node.isString() ? Long.parseLong(node.asString()) : node.asLong();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isString() ? value.asString() : null;
  }

  private static Instant instant(JsonNode node, String field) {
    String text = text(node, field);
    return text == null ? null : Instant.parse(text);
  }
}
