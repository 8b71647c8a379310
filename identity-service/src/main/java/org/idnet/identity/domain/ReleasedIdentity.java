package org.idnet.identity.domain;

/**
 * The identity values released against one grant: only the granted ones the account has; every
 * other one is null. Personal data through and through, so {@link #toString()} shows none of it.
 *
 * @param dateOfBirth ISO 8601 date
 * @param phoneNumber E.164
 */
public record ReleasedIdentity(String fullName, String nationalId, String dateOfBirth, String phoneNumber) {

  /** None of the granted fields exists for the account: the answer is found = false. */
  public boolean isEmpty() {
    return fullName == null && nationalId == null && dateOfBirth == null && phoneNumber == null;
  }

  @Override
  public String toString() {
    return "ReleasedIdentity[redacted]";
  }
}
