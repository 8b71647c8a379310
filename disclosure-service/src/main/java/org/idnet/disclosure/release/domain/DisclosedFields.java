package org.idnet.disclosure.release.domain;

import java.time.Instant;

/**
 * Identity values released for one request; a field not granted (or not held) is null. Personal
 * data: never logged, never in an audit entry, stored only sealed by {@link PackageCipher}.
 *
 * @param dateOfBirth ISO 8601 date
 * @param phoneNumber E.164
 * @param phoneSource where the proof of {@code phoneNumber} comes from, as identity-service states
 *     it with the number; null without a number, and in a package released before the label existed
 *     (or by an identity-service that does not state it)
 * @param phonePlatformVerifiedAt when the platform said it verified an {@link PhoneSource#IMPORTED}
 *     number; null otherwise
 */
public record DisclosedFields(String fullName, String nationalId, String dateOfBirth, String phoneNumber,
    PhoneSource phoneSource, Instant phonePlatformVerifiedAt) {

  /** Without a phone number, so without its label. */
  public DisclosedFields(String fullName, String nationalId, String dateOfBirth) {
    this(fullName, nationalId, dateOfBirth, null, null, null);
  }

  @Override
  public String toString() {
    return "DisclosedFields[redacted]";
  }
}
