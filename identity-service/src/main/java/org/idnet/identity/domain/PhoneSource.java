package org.idnet.identity.domain;

/** Where an account's phone binding's proof comes from. */
public enum PhoneSource {
  /** An OTP completed through idnet. */
  OTP,
  /**
   * A platform's bulk import: the platform verified the number before joining idnet, which could not
   * check it. It counts for a configured period after the platform's verification, unless an OTP
   * through idnet replaces it.
   */
  IMPORTED
}
