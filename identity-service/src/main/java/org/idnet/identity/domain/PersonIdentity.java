package org.idnet.identity.domain;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A real-name record as the population register confirmed it: personal data through and through,
 * so {@link #toString()} shows none of it.
 */
public record PersonIdentity(CitizenId citizenId, PersonName fullName, LocalDate dateOfBirth) {

  public PersonIdentity {
    Objects.requireNonNull(citizenId, "citizenId");
    Objects.requireNonNull(fullName, "fullName");
    Objects.requireNonNull(dateOfBirth, "dateOfBirth");
  }

  @Override
  public String toString() {
    return "PersonIdentity[" + citizenId.masked() + "]";
  }
}
