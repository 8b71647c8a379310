package org.idnet.otp.domain;

import java.util.Optional;
import org.idnet.headers.IdempotencyKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreatePhoneVerification with api.md's Idempotency-Key: a repeat with the same key and body
 * answers the first response and sends no SMS; the same key with another body is refused. Keys
 * are each platform's own: another platform's same key starts a verification of its own.
 */
public final class IdempotentStarter {

  private static final Logger LOG = LoggerFactory.getLogger(IdempotentStarter.class);

  private final VerificationStarter starter;
  private final IdempotencyStore keys;

  public IdempotentStarter(VerificationStarter starter, IdempotencyStore keys) {
    this.starter = starter;
    this.keys = keys;
  }

  public PhoneVerificationView create(String platformId, String accountId, String phoneInput,
      Optional<IdempotencyKey> key) {
    if (key.isEmpty()) {
      return starter.create(platformId, accountId, phoneInput);
    }
    KeyClaim.Claimed claim;
    switch (keys.claim(platformId, key.get())) {
      case KeyClaim.Claimed claimed -> claim = claimed;
      // The first answer as it was, even if the verification has moved on: a retry is answered, not re-run.
      case KeyClaim.Answered answered -> {
        return answered.first();
      }
      case KeyClaim.Reused reused -> throw OtpException.invalid(FailureReason.IDEMPOTENCY_KEY_REUSED,
          IdempotencyKeys.HEADER, "this Idempotency-Key was used for another request body");
      case KeyClaim.InUse inUse -> throw OtpException.of(FailureReason.IDEMPOTENCY_KEY_IN_USE,
          "a request with this Idempotency-Key is still in progress; try again shortly");
    }
    PhoneVerificationView answer;
    try {
      answer = starter.create(platformId, accountId, phoneInput);
    } catch (RuntimeException e) {
      // A refused or failed creation leaves nothing behind, its key included; if even this fails,
      // the hold expires by itself within a minute.
      try {
        keys.release(claim);
      } catch (RuntimeException releaseFailure) {
        LOG.warn("could not free an Idempotency-Key after a failed creation: {}",
            releaseFailure.getClass().getSimpleName());
      }
      throw e;
    }
    try {
      keys.remember(claim, answer);
    } catch (RuntimeException e) {
      // The SMS went out, so the verification is answered. A repeat while the hold lasts (a
      // minute) is told to wait; only a later one could start a second verification.
      LOG.warn("verification {} started but its Idempotency-Key could not be stored: {}", answer.id(),
          e.getClass().getSimpleName());
    }
    return answer;
  }
}
