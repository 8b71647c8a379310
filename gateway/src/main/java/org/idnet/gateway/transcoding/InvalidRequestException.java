package org.idnet.gateway.transcoding;

/**
 * The HTTP request cannot become a gRPC request: malformed JSON, an unknown field, a value of the
 * wrong type. Answered as 400 {@code invalid-request}, naming the field when known.
 */
public final class InvalidRequestException extends RuntimeException {

  private final String field;

  public InvalidRequestException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The JSON field or parameter at fault, or null. */
  public String field() {
    return field;
  }
}
