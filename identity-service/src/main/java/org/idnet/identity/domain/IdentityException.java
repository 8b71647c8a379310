package org.idnet.identity.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A refusal the caller may see. The message goes into the answer, so it never holds a phone number
 * or any other personal data; expected refusals carry no stack trace.
 */
public final class IdentityException extends RuntimeException {

  private final FailureReason reason;
  private final String field;
  private final Duration retryAfter;
  private final Map<String, String> details;

  private IdentityException(FailureReason reason, String message, String field, Throwable cause) {
    this(reason, message, field, cause, null, Map.of());
  }

  private IdentityException(FailureReason reason, String message, String field, Throwable cause,
      Duration retryAfter, Map<String, String> details) {
    super(message, cause, false, false);
    this.reason = reason;
    this.field = field;
    this.retryAfter = retryAfter;
    this.details = Map.copyOf(details);
  }

  /** Bad input in one request field (lowerCamelCase JSON name). */
  public static IdentityException invalid(FailureReason reason, String field, String message) {
    return new IdentityException(reason, message, field, null);
  }

  public static IdentityException of(FailureReason reason, String message) {
    return new IdentityException(reason, message, null, null);
  }

  /** A limit was reached; the caller may try again after {@code retryAfter}. */
  public static IdentityException limited(FailureReason reason, String message, Duration retryAfter) {
    return new IdentityException(reason, message, null, null, retryAfter, Map.of());
  }

  /**
   * A refusal whose caller needs more than the reason to act on it: {@code details} go into the
   * answer's {@code ErrorInfo} metadata (stable words, never personal data).
   */
  public static IdentityException detailed(FailureReason reason, String message, Map<String, String> details) {
    return new IdentityException(reason, message, null, null, null, details);
  }

  /** The store could not answer; the cause is kept for the log, never shown to the caller. */
  public static IdentityException storeUnavailable(Throwable cause) {
    return new IdentityException(FailureReason.STORE_UNAVAILABLE, "the identity store is unavailable; try again",
        null, cause);
  }

  /** A dependency could not answer ({@code reason} is an *-unavailable reason); the cause is for the log only. */
  public static IdentityException unavailable(FailureReason reason, String message, Throwable cause) {
    return new IdentityException(reason, message, null, cause);
  }

  public FailureReason reason() {
    return reason;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  /** What the answer's {@code ErrorInfo} metadata carries besides the reason (empty for most refusals). */
  public Map<String, String> details() {
    return details;
  }

  /** For a reached limit: when trying again may succeed. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
