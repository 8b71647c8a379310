package org.idnet.identity.domain;

/** Why a request was refused; {@link #code()} is the stable word of api.md that callers match on. */
public enum FailureReason {
  INVALID_ACCOUNT_ID("invalid-account-id"),
  INVALID_PLATFORM_ID("invalid-platform-id"),
  INVALID_PHONE_NUMBER("invalid-phone-number"),
  INVALID_VERIFICATION_ID("invalid-verification-id"),
  /** The verification id already bound another account or number: it proves nothing else. */
  VERIFICATION_ALREADY_USED("verification-already-used"),
  STORE_UNAVAILABLE("store-unavailable");

  private final String code;

  FailureReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
