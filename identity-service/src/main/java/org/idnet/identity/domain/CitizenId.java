package org.idnet.identity.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A Vietnamese personal identification number (the 12-digit number of the citizen identity card,
 * CCCD), checked for form only: whether such a person exists is the population register's answer.
 *
 * <p>Layout (Circular 07/2016/TT-BCA, Art. 7, kept by Circular 59/2021/TT-BCA): digits 1-3 the code
 * of the province where the birth was registered; digit 4 the century and sex of birth (0/1 for
 * the 20th century male/female, 2/3 the 21st, 4/5 the 22nd, 6/7 the 23rd, 8/9 the 24th); digits 5-6
 * the last two digits of the birth year; digits 7-12 a random number.
 *
 * <p>The value is personal data: {@link #toString()} masks it and no exception message quotes it.
 */
public record CitizenId(String value) {

  /**
   * The 63 province codes of Appendix I of Circular 07/2016/TT-BCA. The 2025 mergers of provinces
   * did not renumber issued ids, so every number in use still starts with one of these.
   */
  private static final List<String> PROVINCES = List.of(
      "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020", "022", "024",
      "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038", "040", "042", "044", "045",
      "046", "048", "049", "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070",
      "072", "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
      "094", "095", "096");
  private static final Set<String> PROVINCE_CODES = Set.copyOf(PROVINCES);

  private static final String FIELD = "nationalId";
  private static final int LENGTH = 12;
  private static final int FIRST_CENTURY = 1900;

  public CitizenId {
    if (value == null || value.length() != LENGTH || !asciiDigits(value)) {
      throw invalid("nationalId must be exactly 12 digits");
    }
    if (!PROVINCE_CODES.contains(value.substring(0, 3))) {
      throw invalid("nationalId does not start with a known province code");
    }
  }

  /** The id from a request field; the form is the only thing checked. */
  public static CitizenId parse(String raw) {
    return new CitizenId(raw);
  }

  /** The 63 known province codes, in ascending order. */
  public static List<String> provinceCodes() {
    return PROVINCES;
  }

  /** The province code of the birth registration, e.g. {@code 079} for Ho Chi Minh City. */
  public String provinceCode() {
    return value.substring(0, 3);
  }

  /** Odd century/sex digits are women. */
  public boolean female() {
    return centuryDigit() % 2 == 1;
  }

  /** The birth year the number encodes: the century from digit 4, the year within it from digits 5-6. */
  public int birthYear() {
    return FIRST_CENTURY + 100 * (centuryDigit() / 2) + Integer.parseInt(value.substring(4, 6));
  }

  /** Whether the number could belong to someone born on that date: same birth year, century included. */
  public boolean consistentWith(LocalDate dateOfBirth) {
    return dateOfBirth != null && dateOfBirth.getYear() == birthYear();
  }

  /** For logs: ten stars and the last two (random) digits. */
  public String masked() {
    return "*".repeat(LENGTH - 2) + value.substring(LENGTH - 2);
  }

  @Override
  public String toString() {
    return "CitizenId[" + masked() + "]";
  }

  /**
   * The century/sex digit for a birth year and sex, the inverse of {@link #birthYear()} and
   * {@link #female()}; for code that composes numbers (the sandbox population).
   *
   * @throws IllegalArgumentException for a year outside 1900-2399, which the scheme cannot encode
   */
  public static int centuryDigit(int birthYear, boolean female) {
    if (birthYear < FIRST_CENTURY || birthYear >= FIRST_CENTURY + 500) {
      throw new IllegalArgumentException("birth year outside 1900-2399");
    }
    return 2 * ((birthYear - FIRST_CENTURY) / 100) + (female ? 1 : 0);
  }

  private int centuryDigit() {
    return value.charAt(3) - '0';
  }

  private static boolean asciiDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static IdentityException invalid(String message) {
    return IdentityException.invalid(FailureReason.INVALID_IDENTITY, FIELD, message);
  }
}
