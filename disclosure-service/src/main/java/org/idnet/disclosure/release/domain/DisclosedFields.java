package org.idnet.disclosure.release.domain;

/**
 * Identity values released for one request; a field not granted (or not held) is null. Personal
 * data: never logged, never in an audit entry, stored only sealed by {@link PackageCipher}.
 *
 * @param dateOfBirth ISO 8601 date
 * @param phoneNumber E.164
 */
public record DisclosedFields(String fullName, String nationalId, String dateOfBirth, String phoneNumber) {

  @Override
  public String toString() {
    return "DisclosedFields[redacted]";
  }
}
