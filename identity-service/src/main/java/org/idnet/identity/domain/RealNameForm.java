package org.idnet.identity.domain;

/**
 * What the platform relayed from its user, as typed: nothing checked yet.
 *
 * @param guardianAccountId null when not given
 */
public record RealNameForm(String accountId, String fullName, String nationalId, String dateOfBirth,
    String guardianAccountId) {

  @Override
  public String toString() {
    return "RealNameForm[accountId=" + accountId + ", ***]";
  }
}
