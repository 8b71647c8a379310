package org.idnet.identity.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An age band and the moment it may change: a minor's answer must not outlive the 16th birthday,
 * in a cache or anywhere else, and must not tell that birthday either ({@link AgeRule}).
 *
 * @param until when to look again: the start of a year, or the instant of the answer itself (it
 *     holds only then, and is not kept); empty when the band can never change (an adult stays one)
 */
public record AgeStanding(AgeBand band, Optional<Instant> until) {

  public static final AgeStanding ADULT = new AgeStanding(AgeBand.ADULT, Optional.empty());

  public AgeStanding {
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(until, "until");
  }
}
