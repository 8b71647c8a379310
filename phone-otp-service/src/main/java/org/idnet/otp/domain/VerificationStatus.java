package org.idnet.otp.domain;

/** The status a caller sees (api.md). */
public enum VerificationStatus {
  PENDING,
  APPROVED,
  FAILED,
  EXPIRED
}
