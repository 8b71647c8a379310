package org.idnet.disclosure.requests.domain;

import java.time.Duration;
import java.time.Instant;

/** How long supervisors have to decide: 72 h for a standard request, 1 h for an emergency (configurable). */
public record Deadlines(Duration standard, Duration emergency) {

  public Deadlines {
    if (standard.isNegative() || standard.isZero() || emergency.isNegative() || emergency.isZero()) {
      throw new IllegalArgumentException("decision deadlines must be positive");
    }
  }

  Instant dueAt(Instant createdAt, boolean isEmergency) {
    return createdAt.plus(isEmergency ? emergency : standard);
  }
}
