package org.idnet.gateway.errors;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.idnet.caller.evidence.EvidenceRefusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a gRPC error to a problem as Google's API design guide maps codes to HTTP statuses. The
 * stable {@code code} is the {@code ErrorInfo.reason} the service sent; field violations become
 * {@code errors}; {@code RetryInfo} becomes {@code Retry-After}. FAILED_PRECONDITION is 409 unless
 * its reason is one that api.md answers with 422 (the request is well-formed but unacceptable) or
 * with 410 (the resource existed and is gone for good, e.g. an expired disclosure package): gRPC
 * has no code of its own for either. UNAUTHENTICATED is the gateway's own fault (a service refused
 * the caller it stated: 500) unless its reason is {@code evidence-refused}: then the official's
 * own token, checked again by the service, was no evidence there (it expired in between, say),
 * and the official is answered 401.
 */
public final class GrpcProblems {

  private static final Logger log = LoggerFactory.getLogger(GrpcProblems.class);

  private final Set<String> unprocessableReasons;
  private final Set<String> goneReasons;

  public GrpcProblems(Set<String> unprocessableReasons, Set<String> goneReasons) {
    this.unprocessableReasons = Set.copyOf(unprocessableReasons);
    this.goneReasons = Set.copyOf(goneReasons);
  }

  public Problem toProblem(Throwable error) {
    Status status = Status.fromThrowable(error);
    com.google.rpc.Status details = StatusProto.fromThrowable(error);
    String reason = null;
    List<Problem.FieldError> fields = new ArrayList<>();
    Long retryAfter = null;
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        try {
          if (any.is(ErrorInfo.class)) {
            reason = any.unpack(ErrorInfo.class).getReason();
          } else if (any.is(BadRequest.class)) {
            any.unpack(BadRequest.class).getFieldViolationsList()
                .forEach(v -> fields.add(new Problem.FieldError(v.getField(), v.getDescription())));
          } else if (any.is(RetryInfo.class)) {
            var delay = any.unpack(RetryInfo.class).getRetryDelay();
            retryAfter = Math.max(1, delay.getSeconds() + (delay.getNanos() > 0 ? 1 : 0));
          }
        } catch (InvalidProtocolBufferException e) {
          log.warn("unreadable error detail {}", any.getTypeUrl());
        }
      }
    }
    int http = httpStatus(status.getCode(), reason);
    String code = reason != null && !reason.isBlank() ? reason : defaultCode(http);
    String detail = status.getDescription();
    if (http >= 500 && http != 503 && http != 504 || detail == null || detail.isBlank()) {
      // Never pass an internal error's text to the caller.
      detail = Titles.defaultDetail(http);
    }
    if (http == 500) {
      log.error("backend answered {}: {}", status.getCode(), status.getDescription());
    }
    Problem problem = new Problem(http, code, Titles.title(http), detail, fields, null);
    if (http == 429) {
      problem = problem.withRetryAfter(retryAfter == null ? 1 : retryAfter);
    } else if (http == 503 && retryAfter != null) {
      // e.g. keys-unavailable: the service could not fetch the issuer's keys to check the evidence.
      problem = problem.withRetryAfter(retryAfter);
    }
    return problem;
  }

  int httpStatus(Status.Code code, String reason) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> 400;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      // RFC 9110 and 6585: a conditional request without its condition, or with a stale one.
      case FAILED_PRECONDITION -> reason == null ? 409
          : "precondition-required".equals(reason) ? 428 : "precondition-failed".equals(reason) ? 412
          : unprocessableReasons.contains(reason) ? 422 : goneReasons.contains(reason) ? 410 : 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> EvidenceRefusals.REFUSED.equals(reason) ? 401 : 500;
      case RESOURCE_EXHAUSTED -> 429;
      case UNAVAILABLE -> 503;
      case DEADLINE_EXCEEDED -> 504;
      case UNIMPLEMENTED -> 501;
      // A service refusing the gateway itself (its certificate, the caller it states) is our fault, not the client's.
      default -> 500;
    };
  }

  static String defaultCode(int http) {
    return switch (http) {
      case 400 -> "invalid-request";
      case 401 -> "unauthenticated";
      case 403 -> "forbidden";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 409 -> "conflict";
      case 410 -> "gone";
      case 412 -> "precondition-failed";
      case 413 -> "payload-too-large";
      case 415 -> "unsupported-media-type";
      case 422 -> "unprocessable";
      case 428 -> "precondition-required";
      case 429 -> "rate-limited";
      case 501 -> "not-implemented";
      case 503 -> "service-unavailable";
      case 504 -> "timeout";
      default -> "internal-error";
    };
  }
}
