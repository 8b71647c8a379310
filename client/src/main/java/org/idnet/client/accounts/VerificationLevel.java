package org.idnet.client.accounts;

/** How far an account is verified. */
public enum VerificationLevel {
  NONE,
  /** A phone number bound by SMS code. */
  PHONE,
  /** A real name confirmed by the population register. */
  REAL_NAME,
  /** A value this version of the client does not know (the API only grows by adding). */
  UNRECOGNIZED
}
