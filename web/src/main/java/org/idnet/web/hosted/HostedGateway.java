package org.idnet.web.hosted;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.idnet.web.config.WebProperties;
import org.idnet.web.gateway.GatewayClient;
import org.idnet.web.gateway.GatewayProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The hosted steps' calls to the gateway (docs/pages.md section 3.1): every one with the
 * {@code idnet-web} client's own token ({@code Authorization: Bearer}, client credentials from
 * {@code idnet.web.token-uri}, kept until 30 s before it ends) and, once a session is open, its
 * {@code Idnet-Session: <id>.<secret>}. A refusal is a {@link GatewayProblem} (code and fields,
 * never the English detail); an unreachable gateway or issuer, {@code gateway-unavailable}.
 */
public final class HostedGateway {

  static final String SESSION_HEADER = "Idnet-Session";
  private static final Duration EARLY = Duration.ofSeconds(30);

  private record Token(String value, Instant until) {
  }

  private final WebClient gateway;
  private final WebClient issuer;
  private final WebProperties properties;
  private final Duration timeout;
  private final Clock clock;
  private final AtomicReference<Token> token = new AtomicReference<>();

  public HostedGateway(WebClient.Builder builder, WebProperties properties, Duration timeout, Clock clock) {
    this.gateway = builder.clone().baseUrl(properties.gatewayUrl().toString()).build();
    this.issuer = builder.clone().build();
    this.properties = properties;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** {@code POST /v1/hosted-sessions/openings}: the launch token for the session and its secret. */
  public Mono<JsonNode> open(String launchToken) {
    return call(HttpMethod.POST, "/v1/hosted-sessions/openings", null, Map.of("launchToken", launchToken));
  }

  /** {@code GET /v1/hosted-sessions/{id}}: the session's level reached, guardian and attempts. */
  public Mono<JsonNode> session(HostedState state) {
    return call(HttpMethod.GET, "/v1/hosted-sessions/" + state.sessionId(), state, null);
  }

  public Mono<JsonNode> startPhone(HostedState state, String accountId, String phoneNumber) {
    return call(HttpMethod.POST, "/v1/phone-verifications", state,
        Map.of("accountId", accountId, "phoneNumber", phoneNumber));
  }

  public Mono<JsonNode> checkCode(HostedState state, String verificationId, String code) {
    return call(HttpMethod.POST, "/v1/phone-verifications/" + verificationId + "/check", state, Map.of("code", code));
  }

  public Mono<JsonNode> resend(HostedState state, String verificationId) {
    return call(HttpMethod.POST, "/v1/phone-verifications/" + verificationId + "/resend", state, Map.of());
  }

  /** With the session's guardian (the one the platform named) when {@code withGuardian}. */
  public Mono<JsonNode> registerRealName(HostedState state, String fullName, String nationalId, String dateOfBirth,
      boolean withGuardian) {
    Map<String, String> body = new java.util.LinkedHashMap<>(Map.of("fullName", fullName, "nationalId", nationalId,
        "dateOfBirth", dateOfBirth));
    if (withGuardian && state.guardianNamed()) {
      body.put("guardianAccountId", state.guardianAccountId());
    }
    return call(HttpMethod.PUT, "/v1/accounts/" + state.accountId() + "/real-name", state, body);
  }

  public Mono<JsonNode> complete(HostedState state) {
    return call(HttpMethod.POST, "/v1/hosted-sessions/" + state.sessionId() + "/completion", state, Map.of());
  }

  /** @param reason CANCELLED or ATTEMPTS_EXHAUSTED */
  public Mono<JsonNode> cancel(HostedState state, String reason) {
    return call(HttpMethod.POST, "/v1/hosted-sessions/" + state.sessionId() + "/cancellation", state,
        Map.of("reason", reason));
  }

  private Mono<JsonNode> call(HttpMethod method, String path, HostedState state, Object body) {
    return token().flatMap(bearer -> {
      WebClient.RequestBodySpec request = gateway.method(method).uri(path)
          .accept(MediaType.APPLICATION_JSON)
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
      if (state != null) {
        request.header(SESSION_HEADER, state.sessionId() + "." + state.secret());
      }
      WebClient.RequestHeadersSpec<?> sent = body == null ? request
          : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
      return sent.exchangeToMono(HostedGateway::answer);
    }).timeout(timeout).onErrorMap(e -> !(e instanceof GatewayProblem),
        e -> new GatewayProblem(503, GatewayProblem.UNAVAILABLE, List.of()));
  }

  private static Mono<JsonNode> answer(ClientResponse response) {
    int status = response.statusCode().value();
    if (response.statusCode().is2xxSuccessful()) {
      return response.bodyToMono(JsonNode.class);
    }
    return response.bodyToMono(JsonNode.class)
        .map(body -> GatewayClient.problem(status, body))
        .onErrorResume(e -> Mono.just(new GatewayProblem(status, GatewayProblem.UNAVAILABLE, List.of())))
        .defaultIfEmpty(new GatewayProblem(status, GatewayProblem.UNAVAILABLE, List.of()))
        .flatMap(Mono::error);
  }

  /** The pages' own token: client credentials, kept until 30 s before it ends. */
  Mono<String> token() {
    Token kept = token.get();
    if (kept != null && clock.instant().isBefore(kept.until())) {
      return Mono.just(kept.value());
    }
    if (properties.tokenUri() == null || properties.clientSecret() == null || properties.clientSecret().isBlank()) {
      return Mono.error(new GatewayProblem(503, GatewayProblem.UNAVAILABLE, List.of()));
    }
    return issuer.post().uri(properties.tokenUri())
        .headers(h -> h.setBasicAuth(properties.clientId(), properties.clientSecret()))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData("grant_type", "client_credentials"))
        .retrieve().bodyToMono(JsonNode.class)
        .map(body -> {
          String value = body.path("access_token").asString();
          long seconds = body.path("expires_in").asLong(60);
          Token fresh = new Token(value, clock.instant().plusSeconds(seconds).minus(EARLY));
          token.set(fresh);
          return value;
        });
  }
}
