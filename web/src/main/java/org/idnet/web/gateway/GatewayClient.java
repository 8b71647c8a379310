package org.idnet.web.gateway;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.idnet.web.config.WebProperties;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The web's only way into idnet: the gateway's public HTTP API, like any client. An answer that is
 * not 2xx becomes a {@link GatewayProblem} (its {@code code} and field names; never its English
 * detail); an unreachable gateway or a timeout, {@code gateway-unavailable} (503).
 */
public final class GatewayClient {

  private final WebClient http;
  private final Duration timeout;

  public GatewayClient(WebClient.Builder builder, WebProperties properties, Duration timeout) {
    this.http = builder.baseUrl(properties.gatewayUrl().toString()).build();
    this.timeout = timeout;
  }

  /** {@code GET /v1/transparency-report}, public: no token. */
  public Mono<TransparencyReportJson> transparencyReport(Instant from, Instant to) {
    UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/v1/transparency-report");
    if (from != null) {
      uri.queryParam("from", from.toString());
    }
    if (to != null) {
      uri.queryParam("to", to.toString());
    }
    URI relative = uri.encode().build().toUri();
    return http.get().uri(relative.toString()).accept(MediaType.APPLICATION_JSON)
        .exchangeToMono(response -> answer(response, TransparencyReportJson.class))
        .timeout(timeout)
        .onErrorMap(e -> !(e instanceof GatewayProblem),
            e -> new GatewayProblem(503, GatewayProblem.UNAVAILABLE, List.of()));
  }

  private static <T> Mono<T> answer(ClientResponse response, Class<T> type) {
    HttpStatusCode status = response.statusCode();
    if (status.is2xxSuccessful()) {
      return response.bodyToMono(type);
    }
    return response.bodyToMono(JsonNode.class)
        .map(body -> problem(status.value(), body))
        .onErrorResume(e -> Mono.just(new GatewayProblem(status.value(), GatewayProblem.UNAVAILABLE, List.of())))
        .defaultIfEmpty(new GatewayProblem(status.value(), GatewayProblem.UNAVAILABLE, List.of()))
        .flatMap(Mono::error);
  }

  public static GatewayProblem problem(int status, JsonNode body) {
    List<GatewayProblem.FieldError> fields = new ArrayList<>();
    JsonNode errors = body.path("errors");
    if (errors.isArray()) {
      errors.forEach(e -> {
        if (e.path("field").isString()) {
          fields.add(new GatewayProblem.FieldError(e.path("field").asString()));
        }
      });
    }
    JsonNode code = body.path("code");
    return new GatewayProblem(status, code.isString() ? code.asString() : null, fields);
  }

}
