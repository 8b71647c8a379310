package org.idnet.otp.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * A refusal the caller may see. The message is public (it goes into the answer), so it never
 * holds a code or a phone number; no stack trace is captured because this is an expected outcome.
 */
public final class OtpException extends RuntimeException {

  private final FailureReason reason;
  private final String field;
  private final Duration retryAfter;

  private OtpException(FailureReason reason, String message, String field, Duration retryAfter, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
    this.field = field;
    this.retryAfter = retryAfter;
  }

  public static OtpException of(FailureReason reason, String message) {
    return new OtpException(reason, message, null, null, null);
  }

  public static OtpException of(FailureReason reason, String message, Throwable cause) {
    return new OtpException(reason, message, null, null, cause);
  }

  /** Bad input in one request field (lowerCamelCase JSON name). */
  public static OtpException invalid(FailureReason reason, String field, String message) {
    return new OtpException(reason, message, field, null, null);
  }

  /** A limit: the caller may try again after {@code retryAfter}. */
  public static OtpException limited(FailureReason reason, Duration retryAfter, String message) {
    Duration delay = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    return new OtpException(reason, message, null, delay, null);
  }

  public FailureReason reason() {
    return reason;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
