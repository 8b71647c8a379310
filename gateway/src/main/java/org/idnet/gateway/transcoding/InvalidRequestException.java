package org.idnet.gateway.transcoding;

import java.util.List;
import org.idnet.gateway.errors.Problem;

/**
 * The HTTP request cannot become a gRPC request: malformed JSON, an unknown field, a value of the
 * wrong type, a value beyond a limit the contract declares. Answered as 400 with the problem
 * {@code code} ({@code invalid-request} unless the contract names another), naming the fields when
 * known.
 */
public final class InvalidRequestException extends RuntimeException {

  public static final String DEFAULT_CODE = "invalid-request";

  private final String code;
  private final List<Problem.FieldError> errors;

  public InvalidRequestException(String field, String message) {
    this(DEFAULT_CODE, message, field == null ? List.of() : List.of(new Problem.FieldError(field, message)));
  }

  public InvalidRequestException(String code, String detail, List<Problem.FieldError> errors) {
    super(detail, null, false, false);
    this.code = code;
    this.errors = List.copyOf(errors);
  }

  /** The JSON field or parameter at fault (the first one), or null. */
  public String field() {
    return errors.isEmpty() ? null : errors.get(0).field();
  }

  public String code() {
    return code;
  }

  /** Every field at fault with what is wrong with it; empty when no field can be named. */
  public List<Problem.FieldError> errors() {
    return errors;
  }
}
