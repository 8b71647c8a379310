package org.idnet.otp.domain;

/**
 * The stored state. BINDING is internal: the right code was consumed and the identity service is
 * being told; callers see it as PENDING until it becomes APPROVED (or returns to PENDING).
 */
public enum VerificationState {
  PENDING,
  BINDING,
  APPROVED,
  FAILED
}
