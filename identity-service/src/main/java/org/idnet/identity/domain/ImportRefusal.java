package org.idnet.identity.domain;

import java.util.Arrays;

/** Why a line of an import was not bound; {@link #code()} is what GetImport and the refusals list say. */
public enum ImportRefusal {
  /** Not 1-128 characters of A-Z, a-z, 0-9 and . _ : @ -. */
  INVALID_ACCOUNT_ID("invalid-account-id"),
  /** Not a number in E.164 form. */
  INVALID_PHONE_NUMBER("invalid-phone-number"),
  /** Missing, in the future, or older than the configured maximum. */
  INVALID_VERIFIED_AT("invalid-verified-at"),
  /** The account has an active binding: an import never replaces one, OTP-proven or imported. */
  ALREADY_BOUND("already-bound"),
  /** A carrier reported the number disconnected or reassigned after the platform verified it. */
  NUMBER_REASSIGNED_SINCE("number-reassigned-since"),
  /**
   * The batch's stored upload could not be opened (its key is gone, or the ciphertext was altered):
   * every line of the batch, none bound, so that one such batch never blocks the others.
   */
  UNREADABLE_UPLOAD("unreadable-upload");

  private final String code;

  ImportRefusal(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static ImportRefusal ofCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown import refusal " + code));
  }
}
