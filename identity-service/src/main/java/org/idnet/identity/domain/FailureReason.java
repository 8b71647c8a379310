package org.idnet.identity.domain;

/** Why a request was refused; {@link #code()} is the stable word of api.md that callers match on. */
public enum FailureReason {
  INVALID_ACCOUNT_ID("invalid-account-id"),
  INVALID_PLATFORM_ID("invalid-platform-id"),
  INVALID_PHONE_NUMBER("invalid-phone-number"),
  INVALID_VERIFICATION_ID("invalid-verification-id"),
  /** A malformed citizen id, name or date of birth (api.md real-name); never says more than the field. */
  INVALID_IDENTITY("invalid-identity"),
  /** A sandbox list asked for fewer than 1 or more than 100 entries. */
  INVALID_COUNT("invalid-count"),
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
