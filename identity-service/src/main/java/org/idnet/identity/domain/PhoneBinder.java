package org.idnet.identity.domain;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Records an approved phone verification and answers the account's new verification. */
public final class PhoneBinder {

  private final PhoneBindingStore bindings;
  private final AccountVerifier verifier;
  private final Clock clock;

  public PhoneBinder(PhoneBindingStore bindings, AccountVerifier verifier, Clock clock) {
    this.bindings = Objects.requireNonNull(bindings, "bindings");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Idempotent per verification id: a retry records nothing and answers the account's current
   * verification, which is the first answer unless the account has bound again since. The answer
   * counts every binding: an account linked to a person stays REAL_NAME.
   */
  public AccountVerification bind(PhoneBindingRequest request) {
    bindings.bind(request, clock.instant());
    verifier.changed(List.of(request.account()));
    return verifier.fresh(request.account());
  }
}
