package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Where an account stands with phone bindings, as far as its verification is concerned. */
public sealed interface PhoneStanding {

  /** Never bound a number (or the network has never seen the account). */
  record Unbound() implements PhoneStanding {
  }

  /**
   * Bound now, proved at {@code since} (the bind for an OTP, the platform's verification for an
   * import).
   *
   * @param endsAt when the binding stops counting by itself (an imported one); empty if never
   */
  record Active(Instant since, PhoneSource source, Optional<Instant> endsAt) implements PhoneStanding {

    public Active {
      Objects.requireNonNull(since, "since");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(endsAt, "endsAt");
    }

    /** Proved by an OTP through idnet at {@code boundAt}: counts until revoked. */
    public Active(Instant boundAt) {
      this(boundAt, PhoneSource.OTP, Optional.empty());
    }
  }

  /** Had bindings, all ended; the latest ended at {@code revokedAt}. */
  record Revoked(Instant revokedAt) implements PhoneStanding {
  }
}
