package org.idnet.client.phone;

/** Where a phone verification stands. */
public enum PhoneVerificationStatus {
  /** Waiting for the code; {@code check} and {@code resend} are accepted. */
  PENDING,
  /** The right code was checked: the number is bound to the account. */
  APPROVED,
  /** The last attempt was a wrong code. */
  FAILED,
  /** Past {@code expiresAt}. */
  EXPIRED,
  /** A value this version of the client does not know (the API only grows by adding). */
  UNRECOGNIZED
}
