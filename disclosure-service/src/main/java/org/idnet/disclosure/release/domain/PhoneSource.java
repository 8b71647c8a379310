package org.idnet.disclosure.release.domain;

/** Where the proof that the account holds a released phone number comes from, as identity-service states it. */
public enum PhoneSource {
  /** The user completed an OTP through idnet. */
  OTP,
  /**
   * The platform verified the number itself before joining idnet and imported the binding (a bulk
   * import); idnet could not check that proof. The package states when the platform verified it.
   */
  IMPORTED
}
