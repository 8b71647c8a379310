package org.idnet.identity.domain;

/** Whether an account is verified now; REVOKED means it was, and every binding has ended. */
public enum VerificationStatus {
  VERIFIED,
  UNVERIFIED,
  REVOKED
}
