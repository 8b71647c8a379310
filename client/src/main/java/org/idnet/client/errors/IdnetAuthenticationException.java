package org.idnet.client.errors;

/**
 * The token endpoint refused the client's credentials or could not be used: no access token, so
 * no idnet call was made. {@link #error()} is the OAuth 2.0 error code (RFC 6749 §5.2), e.g.
 * {@code invalid_client}, when the endpoint gave one.
 */
public class IdnetAuthenticationException extends IdnetException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;

  public IdnetAuthenticationException(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  /** The token endpoint's HTTP status. */
  public int status() {
    return status;
  }

  /** The OAuth 2.0 error code, or null when the endpoint gave none. */
  public String error() {
    return error;
  }
}
