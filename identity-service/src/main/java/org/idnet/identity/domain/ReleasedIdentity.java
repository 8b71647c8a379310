package org.idnet.identity.domain;

import java.time.Instant;

/**
 * The identity values released against one grant: only the granted ones the account has; every
 * other one is null. Personal data through and through, so {@link #toString()} shows none of it.
 *
 * @param dateOfBirth ISO 8601 date
 * @param phoneNumber E.164
 * @param phoneSource where the proof of {@code phoneNumber} comes from: set exactly when it is
 * @param phonePlatformVerifiedAt when the platform said it verified {@code phoneNumber}: set exactly
 *     when {@code phoneSource} is {@link PhoneSource#IMPORTED}
 */
public record ReleasedIdentity(String fullName, String nationalId, String dateOfBirth, String phoneNumber,
    PhoneSource phoneSource, Instant phonePlatformVerifiedAt) {

  public ReleasedIdentity {
    if ((phoneNumber == null) != (phoneSource == null)) {
      throw new IllegalArgumentException("a released phone number states its source, and only a phone number does");
    }
    if ((phonePlatformVerifiedAt != null) != (phoneSource == PhoneSource.IMPORTED)) {
      throw new IllegalArgumentException("the platform's verification date goes with an imported number, and only with one");
    }
  }

  /** Without a phone number. */
  public ReleasedIdentity(String fullName, String nationalId, String dateOfBirth) {
    this(fullName, nationalId, dateOfBirth, null, null, null);
  }

  /** With the number of the account's binding ({@code phone} null: none granted, or none bound). */
  public ReleasedIdentity(String fullName, String nationalId, String dateOfBirth, BoundPhone phone) {
    this(fullName, nationalId, dateOfBirth, phone == null ? null : phone.number().e164(),
        phone == null ? null : phone.source(), phone == null ? null : phone.platformVerifiedAt().orElse(null));
  }

  /** None of the granted fields exists for the account: the answer is found = false. */
  public boolean isEmpty() {
    return fullName == null && nationalId == null && dateOfBirth == null && phoneNumber == null;
  }

  @Override
  public String toString() {
    return "ReleasedIdentity[redacted]";
  }
}
