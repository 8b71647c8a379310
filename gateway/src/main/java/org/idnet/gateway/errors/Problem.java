package org.idnet.gateway.errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem as idnet answers it: {@code type, title, status, detail, code} and, for
 * validation errors, {@code errors: [{field, message}]}. {@code retryAfterSeconds} becomes the
 * {@code Retry-After} header, not a body member.
 */
public record Problem(int status, String code, String title, String detail, List<FieldError> errors,
    Long retryAfterSeconds) {

  public static final String TYPE_BASE = "https://idnet.org/problems/";

  public record FieldError(String field, String message) {
  }

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static Problem of(int status, String code, String title, String detail) {
    return new Problem(status, code, title, detail, List.of(), null);
  }

  public Problem withRetryAfter(long seconds) {
    return new Problem(status, code, title, detail, errors, seconds);
  }

  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_BASE + code);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("code", code);
    if (!errors.isEmpty()) {
      body.put("errors", errors.stream().map(e -> {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("field", e.field());
        m.put("message", e.message());
        return m;
      }).toList());
    }
    return body;
  }
}
