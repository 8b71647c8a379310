package org.idnet.client.accounts;

/** Where the proof of the {@link VerificationLevel#PHONE} level comes from. */
public enum PhoneSource {
  /** The user completed a one-time code through idnet. */
  OTP,
  /**
   * The platform verified the number itself before joining idnet and imported it (bulk import):
   * idnet could not check it, and it counts for a limited period after the platform's verification.
   */
  IMPORTED,
  /** A value this version of the client does not know (the API only grows by adding). */
  UNRECOGNIZED
}
