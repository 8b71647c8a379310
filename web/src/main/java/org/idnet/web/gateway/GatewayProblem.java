package org.idnet.web.gateway;

import java.util.List;

/**
 * A refusal or failure of the gateway as the pages use it: the HTTP status, the API's {@code code}
 * and the fields it names. Pages show {@link #messageKey()} ({@code error.<code>}), never the API's
 * English {@code detail}, which is not kept here at all.
 */
public final class GatewayProblem extends RuntimeException {

  /** The code of an answer the gateway never gave (unreachable, not problem+json). */
  public static final String UNAVAILABLE = "gateway-unavailable";

  private final int status;
  private final String code;
  private final List<FieldError> fieldErrors;

  public GatewayProblem(int status, String code, List<FieldError> fieldErrors) {
    super(status + " " + code, null, false, false);
    this.status = status;
    this.code = code == null || !code.matches("[a-z0-9-]{1,64}") ? UNAVAILABLE : code;
    this.fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
  }

  /** @param field the API's JSON field name ({@code phoneNumber}); message keys name the code only */
  public record FieldError(String field) {
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  public String messageKey() {
    return "error." + code;
  }
}
