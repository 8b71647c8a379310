package org.idnet.gateway.errors;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.concurrent.TimeoutException;
import org.idnet.gateway.transcoding.BackendFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The last word on any error that reaches WebFlux: no route (404), wrong method (405), an open
 * circuit breaker (503), a backend that did not answer (503/504), a body over the limit (413), a
 * token that could not be judged because the issuer's keys are not known yet (503).
 * Always problem+json, never a stack trace; anything unexpected is a logged 500 without details.
 */
@Order(-2)
public final class ProblemExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (error instanceof reactor.netty.channel.AbortedException) {
      // The client went away; there is nobody left to answer.
      log.debug("client closed the connection: {}", error.getMessage());
      return Mono.empty();
    }
    return ProblemWriter.write(exchange.getResponse(), toProblem(error));
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (type.isInstance(e)) {
        return true;
      }
    }
    return false;
  }

  static Problem toProblem(Throwable error) {
    if (error instanceof CallNotPermittedException || error.getCause() instanceof CallNotPermittedException
        || error instanceof org.springframework.cloud.gateway.support.ServiceUnavailableException) {
      return Problem.of(503, "service-unavailable", Titles.title(503),
          "The service is failing; requests are paused briefly to let it recover.").withRetryAfter(5);
    }
    if (causedBy(error, org.idnet.gateway.security.KeysUnavailableException.class)) {
      // The token could not be judged (the issuer's keys are not known yet): not the client's fault.
      return Problem.of(503, "issuer-unavailable", Titles.title(503),
          "Tokens cannot be checked right now; try again shortly.").withRetryAfter(5);
    }
    if (error instanceof org.springframework.security.core.AuthenticationException) {
      // Any other failure to judge a token is the token's: 401, never a 500 or a 503.
      return Titles.problem(401);
    }
    if (error instanceof io.github.resilience4j.bulkhead.BulkheadFullException) {
      return Titles.problem(503).withRetryAfter(1);
    }
    if (error instanceof BackendFailureException failure) {
      int status = failure.status().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED ? 504 : 503;
      return Titles.problem(status);
    }
    if (error instanceof TimeoutException) {
      return Titles.problem(504);
    }
    if (error instanceof DataBufferLimitException) {
      return Titles.problem(413);
    }
    if (error instanceof ResponseStatusException rse) {
      int status = rse.getStatusCode().value();
      if (rse.getCause() instanceof CallNotPermittedException) {
        return toProblem(rse.getCause());
      }
      if (rse.getCause() instanceof BackendFailureException failure) {
        return toProblem(failure);
      }
      return Titles.problem(status);
    }
    var annotated = org.springframework.core.annotation.AnnotatedElementUtils.findMergedAnnotation(
        error.getClass(), org.springframework.web.bind.annotation.ResponseStatus.class);
    if (annotated != null) {
      return Titles.problem(annotated.code().value());
    }
    log.error("unexpected error at the gateway", error);
    return Titles.problem(500);
  }
}
