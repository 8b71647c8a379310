package org.idnet.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the form checks of real-name registration (api.md real-name; security.md: bad input gets a
 * clear error naming the field, never its content). Each target states what must hold for every
 * input, accepted or refused: a refusal is an {@link IdentityException} with the documented reason,
 * field and message, never another exception; an accepted value has the documented form.
 *
 * <p>Inputs are UTF-8 (what reaches the service: protobuf refuses invalid UTF-8 in a string field);
 * fields of one input are separated by NUL bytes, so the seeds under
 * {@code RealNameFuzzTestInputs/<method>/} are readable text.
 */
class RealNameFuzzTest {

  static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
  private static final Set<String> CITIZEN_ID_MESSAGES = Set.of("nationalId must be exactly 12 digits",
      "nationalId does not start with a known province code");
  private static final Set<String> NAME_MESSAGES = Set.of("fullName must be 2-100 characters",
      "fullName may contain only letters, spaces, apostrophes, hyphens and periods", "fullName must contain a letter");
  private static final Set<String> FORM_MESSAGES = union(CITIZEN_ID_MESSAGES, NAME_MESSAGES, Set.of(
      "platformId must be 1-128 visible ASCII characters",
      "accountId must be 1-128 characters of A-Z, a-z, 0-9 and . _ : @ -",
      "guardianAccountId must be 1-128 characters of A-Z, a-z, 0-9 and . _ : @ -",
      "nationalId does not encode the birth year of dateOfBirth",
      "dateOfBirth must be a date in ISO 8601 form, e.g. 2001-09-30",
      "dateOfBirth must lie between 1900-01-01 and today"));

  @FuzzTest
  void citizenIdIsTwelveDigitsOfAKnownProvinceOrRefused(byte[] input) {
    String raw = utf8(input);
    boolean wellFormed = raw.matches("[0-9]{12}") && CitizenId.provinceCodes().contains(raw.substring(0, 3));
    CitizenId id;
    try {
      id = CitizenId.parse(raw);
    } catch (IdentityException refused) {
      assertThat(wellFormed).as("refused a well-formed id").isFalse();
      assertRefusal(refused, FailureReason.INVALID_IDENTITY, "nationalId");
      assertThat(CITIZEN_ID_MESSAGES).contains(refused.getMessage());
      return;
    }
    assertThat(wellFormed).as("accepted a malformed id").isTrue();
    assertThat(id.value()).isEqualTo(raw);
    assertThat(id.masked()).isEqualTo("**********" + raw.substring(10));
    assertThat(id.toString()).doesNotContain(raw);
    int year = id.birthYear();
    assertThat(year).isBetween(1900, 2399);
    assertThat(year % 100).isEqualTo(Integer.parseInt(raw.substring(4, 6)));
    assertThat(CitizenId.centuryDigit(year, id.female())).isEqualTo(raw.charAt(3) - '0');
    assertThat(id.consistentWith(LocalDate.of(year, 1, 1))).isTrue();
    assertThat(id.consistentWith(LocalDate.of(year + 1, 1, 1))).isFalse();
  }

  @FuzzTest
  void personNameIsCanonicalOrRefused(byte[] input) {
    String raw = utf8(input);
    PersonName name;
    try {
      name = PersonName.normalize(raw);
    } catch (IdentityException refused) {
      assertRefusal(refused, FailureReason.INVALID_IDENTITY, "fullName");
      assertThat(NAME_MESSAGES).contains(refused.getMessage());
      return;
    }
    String value = name.value();
    // Canonical: normalizing again changes nothing, so a stored name equals itself retyped.
    assertThat(PersonName.normalize(value).value()).isEqualTo(value);
    assertThat(Normalizer.isNormalized(value, Normalizer.Form.NFC)).isTrue();
    assertThat(value).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
    assertThat(value.codePointCount(0, value.length())).isBetween(2, 100);
    assertThat(value.codePoints().anyMatch(Character::isLetter)).isTrue();
    value.codePoints().forEach(cp -> assertThat(Character.isLetter(cp) || isMark(cp) || " '-.".indexOf(cp) >= 0)
        .as("code point U+%04X", cp).isTrue());
    assertThat(name.sameIgnoringCase(name)).isTrue();
    assertThat(name.toString()).isEqualTo("PersonName[***]"); // masked whatever the name ("on" is inside "PersonName")
    PersonName upper;
    try {
      upper = PersonName.normalize(value.toUpperCase(Locale.ROOT));
    } catch (IdentityException longerOrOtherwiseRefused) {
      return;
    }
    assertThat(upper.sameIgnoringCase(name)).isEqualTo(name.sameIgnoringCase(upper));
  }

  /** The whole form: refused on the first bad field in the order the service reads them, or accepted whole. */
  @FuzzTest
  void realNameFormIsAcceptedWholeOrRefusedOnItsFirstBadField(byte[] input) {
    List<String> f = fields(input, 6);
    String platformId = f.get(0);
    RealNameForm form = new RealNameForm(f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
    RealNameRequest request;
    try {
      request = RealNameRequest.parse(platformId, form, TODAY);
    } catch (IdentityException refused) {
      String field = refused.field().orElseThrow();
      Map<String, FailureReason> reasons = Map.of("platformId", FailureReason.INVALID_PLATFORM_ID,
          "accountId", FailureReason.INVALID_ACCOUNT_ID, "fullName", FailureReason.INVALID_IDENTITY,
          "nationalId", FailureReason.INVALID_IDENTITY, "dateOfBirth", FailureReason.INVALID_IDENTITY,
          "guardianAccountId", FailureReason.INVALID_ACCOUNT_ID);
      assertThat(reasons).containsKey(field);
      assertThat(refused.reason()).isEqualTo(reasons.get(field));
      // A fixed sentence per check: nothing of the input (personal data) can be in it.
      assertThat(FORM_MESSAGES).contains(refused.getMessage());
      assertEarlierFieldsValid(field, platformId, form);
      return;
    }
    assertThat(request.account()).isEqualTo(new AccountRef(platformId, form.accountId()));
    assertThat(request.identity().fullName()).isEqualTo(PersonName.normalize(form.fullName()));
    assertThat(request.identity().citizenId().value()).isEqualTo(form.nationalId());
    LocalDate born = request.identity().dateOfBirth();
    assertThat(born.toString()).isEqualTo(form.dateOfBirth());
    assertThat(born).isBetween(LocalDate.of(1900, 1, 1), TODAY);
    assertThat(request.identity().citizenId().birthYear()).isEqualTo(born.getYear());
    assertThat(request.guardian().isPresent()).isEqualTo(form.guardianAccountId() != null);
    assertThat(request.identity().toString()).doesNotContain(form.nationalId());
  }

  /** The refusal named {@code field}: every field read before it must have been acceptable on its own. */
  private static void assertEarlierFieldsValid(String field, String platformId, RealNameForm form) {
    List<String> order = List.of("platformId", "accountId", "fullName", "nationalId", "dateOfBirth",
        "guardianAccountId");
    int at = order.indexOf(field);
    if (at > 1) {
      new AccountRef(platformId, form.accountId());
    }
    if (at > 2) {
      PersonName.normalize(form.fullName());
    }
    if (at > 3) {
      CitizenId.parse(form.nationalId());
    }
  }

  private static void assertRefusal(IdentityException refused, FailureReason reason, String field) {
    assertThat(refused.reason()).isEqualTo(reason);
    assertThat(refused.field()).contains(field);
  }

  private static boolean isMark(int cp) {
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new java.util.HashSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return Set.copyOf(all);
  }

  static String utf8(byte[] input) {
    return new String(input, StandardCharsets.UTF_8);
  }

  /** The input's NUL-separated fields as UTF-8, {@code count} of them; missing ones are null. */
  static List<String> fields(byte[] input, int count) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= input.length && out.size() < count; i++) {
      if (i == input.length || input[i] == 0) {
        out.add(new String(input, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    while (out.size() < count) {
      out.add(null);
    }
    return out;
  }
}
