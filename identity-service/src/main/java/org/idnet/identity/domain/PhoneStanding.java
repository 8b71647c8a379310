package org.idnet.identity.domain;

import java.time.Instant;

/** Where an account stands with phone bindings, as far as its verification is concerned. */
public sealed interface PhoneStanding {

  /** Never bound a number (or the network has never seen the account). */
  record Unbound() implements PhoneStanding {
  }

  /** Bound now, since {@code boundAt}. */
  record Active(Instant boundAt) implements PhoneStanding {
  }

  /** Had bindings, all ended; the latest ended at {@code revokedAt}. */
  record Revoked(Instant revokedAt) implements PhoneStanding {
  }
}
