package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer together with how long it may be kept by whoever caches it: until the standing's
 * review time, if it has one (a time at or before the answer's means "not at all").
 *
 * @param reviewAt when the standing may change by itself ({@link AccountStanding#reviewAt()})
 */
public record CheckedAccount(AccountVerification verification, Optional<Instant> reviewAt) {

  public CheckedAccount {
    Objects.requireNonNull(verification, "verification");
    Objects.requireNonNull(reviewAt, "reviewAt");
  }
}
