package org.idnet.otp.domain;

/** Why a request was refused; {@link #code()} is the stable machine word of api.md. */
public enum FailureReason {
  INVALID_PHONE_NUMBER("invalid-phone-number"),
  INVALID_ACCOUNT_ID("invalid-account-id"),
  INVALID_CODE("invalid-code"),
  INVALID_REQUEST("invalid-request"),
  NOT_FOUND("not-found"),
  VERIFICATION_CLOSED("verification-closed"),
  VERIFICATION_IN_PROGRESS("verification-in-progress"),
  IDEMPOTENCY_KEY_REUSED("idempotency-key-reused"),
  IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use"),
  RESEND_TOO_SOON("resend-too-soon"),
  SEND_LIMIT_REACHED("send-limit-reached"),
  RATE_LIMITED("rate-limited"),
  TOO_MANY_FAILED_CHECKS("too-many-failed-checks"),
  SESSION_LIMIT_REACHED("session-limit-reached"),
  STORE_UNAVAILABLE("store-unavailable"),
  SMS_UNAVAILABLE("sms-unavailable"),
  IDENTITY_UNAVAILABLE("identity-unavailable");

  private final String code;

  FailureReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
