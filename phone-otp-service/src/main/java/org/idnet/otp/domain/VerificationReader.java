package org.idnet.otp.domain;

import java.time.Clock;
import java.util.Optional;

/**
 * Reads a caller's verification. An unknown id, a malformed one and another platform's id give
 * the very same refusal, so a platform can't learn that someone else's verification exists.
 */
public final class VerificationReader {

  private final VerificationStore store;
  private final Clock clock;

  public VerificationReader(VerificationStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public PhoneVerificationView get(String platformId, String id) {
    return load(platformId, id).view(clock.instant());
  }

  /** The verification if it belongs to {@code platformId}; NOT_FOUND otherwise. */
  public Verification load(String platformId, String id) {
    if (!VerificationIds.wellFormed(id)) {
      throw notFound();
    }
    Optional<Verification> found = store.find(id);
    if (found.isEmpty() || !found.get().ownedBy(platformId)) {
      throw notFound();
    }
    return found.get();
  }

  private static OtpException notFound() {
    return Refusal.of(FailureReason.NOT_FOUND).toException();
  }
}
