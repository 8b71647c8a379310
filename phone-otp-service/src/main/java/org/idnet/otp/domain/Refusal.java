package org.idnet.otp.domain;

import java.time.Duration;

/**
 * A store's "no" to a send or a check, decided atomically inside the store.
 *
 * @param retryAfter when trying again can succeed; null when it never will
 * @param prefixCapHit the SMS-pumping guard fired, which raises an alert
 */
public record Refusal(FailureReason reason, Duration retryAfter, boolean prefixCapHit) {

  public static Refusal of(FailureReason reason) {
    return new Refusal(reason, null, false);
  }

  public static Refusal retryAfter(FailureReason reason, Duration retryAfter) {
    return new Refusal(reason, retryAfter, false);
  }

  public static Refusal prefixCap(Duration retryAfter) {
    return new Refusal(FailureReason.RATE_LIMITED, retryAfter, true);
  }

  public OtpException toException() {
    String message = switch (reason) {
      case NOT_FOUND -> "phone verification not found";
      case VERIFICATION_CLOSED -> "the phone verification is no longer pending";
      case VERIFICATION_IN_PROGRESS -> "another check of this verification is in progress; try again";
      case RESEND_TOO_SOON -> "a code was sent recently; wait before asking for another";
      case SEND_LIMIT_REACHED -> "no more codes can be sent for this verification";
      case RATE_LIMITED -> "too many verifications; try again later";
      case TOO_MANY_FAILED_CHECKS -> "too many failed checks for this phone number; try again later";
      default -> "request refused";
    };
    return retryAfter == null ? OtpException.of(reason, message) : OtpException.limited(reason, retryAfter, message);
  }
}
