package org.idnet.client.accounts;

/** Whether an account is verified. */
public enum VerificationStatus {
  VERIFIED,
  UNVERIFIED,
  /** A binding ended (a recycled number, a closed account). */
  REVOKED,
  /** A value this version of the client does not know (the API only grows by adding). */
  UNRECOGNIZED
}
