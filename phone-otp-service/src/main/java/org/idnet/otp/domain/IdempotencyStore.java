package org.idnet.otp.domain;

/**
 * Idempotency-Keys of CreatePhoneVerification, per platform, each remembered with its first
 * answer for a window that outlives the verification. Each step is atomic in the store, so of two
 * parallel requests with one key exactly one creates (and sends an SMS).
 */
public interface IdempotencyStore {

  KeyClaim claim(String platformId, IdempotencyKey key);

  /** The creation succeeded: a repeat within the window gets {@code answer}. */
  void remember(KeyClaim.Claimed claim, PhoneVerificationView answer);

  /** The creation failed: the key is free again, as if never sent. */
  void release(KeyClaim.Claimed claim);
}
