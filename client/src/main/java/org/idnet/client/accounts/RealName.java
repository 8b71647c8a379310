package org.idnet.client.accounts;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user typed to register their real name, relayed to idnet, which checks it against the
 * population register and never hands it back. {@link #toString()} shows none of it, so logging
 * one leaks nothing.
 *
 * @param fullName as on the citizen's papers, diacritics kept
 * @param nationalId the 12-digit citizen id
 * @param guardianAccountId required under 16: an adult, REAL_NAME-verified account of the same platform
 */
public record RealName(String fullName, String nationalId, LocalDate dateOfBirth, Optional<String> guardianAccountId) {

  public RealName {
    Objects.requireNonNull(fullName, "fullName");
    Objects.requireNonNull(nationalId, "nationalId");
    Objects.requireNonNull(dateOfBirth, "dateOfBirth");
    Objects.requireNonNull(guardianAccountId, "guardianAccountId");
  }

  /** An adult's (no guardian). */
  public static RealName of(String fullName, String nationalId, LocalDate dateOfBirth) {
    return new RealName(fullName, nationalId, dateOfBirth, Optional.empty());
  }

  /** The same, with the guardian account an under-16 needs. */
  public RealName withGuardian(String guardianAccountId) {
    return new RealName(fullName, nationalId, dateOfBirth, Optional.of(guardianAccountId));
  }

  @Override
  public String toString() {
    return "RealName[personal data not shown]";
  }
}
