package org.idnet.identity.domain;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real-name registration whose every field is well formed: checked here, before anything is
 * looked up, so a malformed citizen id never reaches the register or the store.
 *
 * @param guardian the guardian account named in the request, if any (same platform)
 */
public record RealNameRequest(AccountRef account, PersonIdentity identity, Optional<AccountRef> guardian) {

  /** Nobody alive was born before this; earlier dates are typing errors. */
  static final LocalDate EARLIEST_BIRTH = LocalDate.of(1900, 1, 1);
  private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  public RealNameRequest {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(guardian, "guardian");
  }

  /**
   * Validates in the order the fields are read and fails on the first bad one, naming the field
   * and never its content.
   *
   * @param today the civil date in the jurisdiction: no one is born after it
   */
  public static RealNameRequest parse(String platformId, RealNameForm form, LocalDate today) {
    AccountRef account = new AccountRef(platformId, form.accountId());
    PersonName name = PersonName.normalize(form.fullName());
    CitizenId citizenId = CitizenId.parse(form.nationalId());
    LocalDate dateOfBirth = dateOfBirth(form.dateOfBirth(), today);
    if (!citizenId.consistentWith(dateOfBirth)) {
      throw IdentityException.invalid(FailureReason.INVALID_IDENTITY, "nationalId",
          "nationalId does not encode the birth year of dateOfBirth");
    }
    Optional<AccountRef> guardian = Optional.empty();
    if (form.guardianAccountId() != null) {
      try {
        guardian = Optional.of(new AccountRef(platformId, form.guardianAccountId()));
      } catch (IdentityException e) {
        throw IdentityException.invalid(FailureReason.INVALID_ACCOUNT_ID, "guardianAccountId",
            "guardianAccountId must be 1-128 characters of A-Z, a-z, 0-9 and . _ : @ -");
      }
    }
    return new RealNameRequest(account, new PersonIdentity(citizenId, name, dateOfBirth), guardian);
  }

  private static LocalDate dateOfBirth(String raw, LocalDate today) {
    LocalDate date;
    try {
      if (raw == null || !ISO_DATE.matcher(raw).matches()) {
        throw new DateTimeException("not yyyy-mm-dd");
      }
      date = LocalDate.parse(raw);
    } catch (DateTimeException e) {
      throw IdentityException.invalid(FailureReason.INVALID_IDENTITY, "dateOfBirth",
          "dateOfBirth must be a date in ISO 8601 form, e.g. 2001-09-30");
    }
    if (date.isBefore(EARLIEST_BIRTH) || date.isAfter(today)) {
      throw IdentityException.invalid(FailureReason.INVALID_IDENTITY, "dateOfBirth",
          "dateOfBirth must lie between 1900-01-01 and today");
    }
    return date;
  }
}
