package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An age band and the moment it may change: a minor's answer must not outlive the 16th birthday,
 * in a cache or anywhere else.
 *
 * @param until when to look again; empty when the band can never change (an adult stays one)
 */
public record AgeStanding(AgeBand band, Optional<Instant> until) {

  public static final AgeStanding ADULT = new AgeStanding(AgeBand.ADULT, Optional.empty());

  public AgeStanding {
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(until, "until");
  }
}
