package org.idnet.gateway.errors;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a {@link Problem} as {@code application/problem+json}. */
public final class ProblemWriter {

  public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemWriter() {
  }

  public static Mono<Void> write(ServerHttpResponse response, Problem problem) {
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(HttpStatus.valueOf(problem.status()));
    HttpHeaders headers = response.getHeaders();
    headers.setContentType(PROBLEM_JSON);
    headers.remove(HttpHeaders.CONTENT_LENGTH);
    if (problem.retryAfterSeconds() != null) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
    }
    headers.setCacheControl("no-store");
    DataBuffer buffer = response.bufferFactory().wrap(JSON.writeValueAsBytes(problem.body()));
    return response.writeWith(Mono.just(buffer));
  }
}
