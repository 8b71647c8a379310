package org.idnet.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberNormalizerTest {

  private final PhoneNumberNormalizer vnOnly = PhoneNumberNormalizer.smsCapable("VN", Set.of("VN"));
  private final PhoneNumberNormalizer anyValid = PhoneNumberNormalizer.anyValid("VN");

  @ParameterizedTest
  @ValueSource(strings = {"0912345678", "091 234 5678", "+84912345678", "+84 91-234-5678", "84912345678",
      "+84.912.345.678", " 0912345678 "})
  void normalizeWhenNationalOrInternationalThenSameE164(String input) {
    assertThat(vnOnly.normalize(input).e164()).isEqualTo("+84912345678");
    assertThat(anyValid.normalize(input).e164()).isEqualTo("+84912345678");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "abc", "0912ABC678", "091234", "+84", "09123456789012345678901234567890123",
      "0912345678 ext. 12", "+84 91234567#", "0912345678\n0987654321"})
  void normalizeWhenNotAPhoneNumberThenInvalid(String input) {
    assertInvalid(vnOnly, input, "mobile number of an allowed region");
    assertInvalid(anyValid, input, "valid phone number");
  }

  @Test
  void normalizeWhenValidButLongerThanE164ThenRefusedByThePolicy() { // PhoneNumberFuzzTest finding
    assertInvalid(anyValid, "+4935912342056278", "valid phone number");
  }

  @Test
  void anyMobileWhenMobileOfAnyRegionThenAcceptedAndFixedLinesOrUnallocatedNumbersRefused() {
    PhoneNumberNormalizer anyMobile = PhoneNumberNormalizer.anyMobile("VN");
    assertThat(anyMobile.normalize("+84912345678").e164()).isEqualTo("+84912345678");
    assertThat(anyMobile.normalize("+6591234567").e164()).isEqualTo("+6591234567");
    assertInvalid(anyMobile, "+842438234567", "valid mobile number");
    assertInvalid(anyMobile, "+84000100", "valid mobile number");
  }

  @Test
  void normalizeWhenNullThenInvalid() {
    assertInvalid(vnOnly, null, "mobile");
    assertInvalid(anyValid, null, "valid phone number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0243 826 1234", "+84 24 3826 1234", "028 3829 5555", "1900 1234"})
  void normalizeWhenLandlineOrServiceNumberThenSmsCapableRefusesAndAnyValidAccepts(String input) {
    assertInvalid(vnOnly, input, "mobile");
    assertThat(anyValid.normalize(input).e164()).startsWith("+84").doesNotContain(" ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+1 650 253 0000", "+44 7911 123456", "+66 81 234 5678"})
  void normalizeWhenRegionNotAllowedThenSmsCapableRefusesAndAnyValidAccepts(String input) {
    assertInvalid(vnOnly, input, "allowed region");
    assertThat(anyValid.normalize(input).e164()).isEqualTo(input.replace(" ", ""));
  }

  @Test
  void normalizeWhenRegionAllowedThenForeignMobileAccepted() {
    PhoneNumberNormalizer withThailand = PhoneNumberNormalizer.smsCapable("vn", Set.of("VN", "th"));
    assertThat(withThailand.normalize("+66 81 234 5678").e164()).isEqualTo("+66812345678");
  }

  @Test
  void normalizeWhenRegionCannotTellMobileFromFixedThenAccepted() {
    // US metadata can't tell mobile from fixed line: FIXED_LINE_OR_MOBILE is the best it knows.
    PhoneNumberNormalizer us = PhoneNumberNormalizer.smsCapable("US", Set.of("US"));
    assertThat(us.normalize("(650) 253-0000").e164()).isEqualTo("+16502530000");
  }

  @Test
  void normalizedNumberSplitsIntoWhatLibphonenumberParsed() {
    PhoneNumber number = vnOnly.normalize("0912345678");
    assertThat(number.countryCode()).isEqualTo(84);
    assertThat(number.nationalNumber()).isEqualTo("912345678");
  }

  @Test
  void constructorWhenUnknownDefaultRegionThenRefused() {
    assertThatThrownBy(() -> PhoneNumberNormalizer.anyValid("XX")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("XX");
  }

  private static void assertInvalid(PhoneNumberNormalizer normalizer, String input, String expected) {
    assertThatThrownBy(() -> normalizer.normalize(input)).isInstanceOf(InvalidPhoneNumberException.class)
        .hasMessageContaining(expected);
  }
}
