package org.idnet.otp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhoneNumberNormalizerTest {

  private final PhoneNumberNormalizer vnOnly = new PhoneNumberNormalizer("VN", Set.of("VN"));

  @ParameterizedTest
  @ValueSource(strings = {"0912345678", "091 234 5678", "+84912345678", "+84 91-234-5678", "84912345678",
      "+84.912.345.678", " 0912345678 "})
  void normalizeWhenNationalOrInternationalThenSameE164(String input) {
    assertThat(vnOnly.normalize(input).e164()).isEqualTo("+84912345678");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "abc", "0912ABC678", "091234", "+84", "09123456789012345678901234567890123",
      "0912345678 ext. 12", "+84 91234567#", "1900 1234", "0912345678\n0987654321"})
  void normalizeWhenNotAPhoneNumberThenInvalid(String input) {
    assertInvalid(vnOnly, input);
  }

  @Test
  void normalizeWhenNullThenInvalid() {
    assertInvalid(vnOnly, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0243 826 1234", "+84 24 3826 1234", "028 3829 5555"})
  void normalizeWhenLandlineThenInvalid(String input) {
    assertInvalid(vnOnly, input);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+1 650 253 0000", "+44 7911 123456", "+66 81 234 5678"})
  void normalizeWhenRegionNotAllowedThenInvalid(String input) {
    assertInvalid(vnOnly, input);
  }

  @Test
  void normalizeWhenRegionAllowedThenForeignMobileAccepted() {
    PhoneNumberNormalizer withThailand = new PhoneNumberNormalizer("VN", Set.of("VN", "TH"));
    assertThat(withThailand.normalize("+66 81 234 5678").e164()).isEqualTo("+66812345678");
  }

  @Test
  void normalizeWhenRegionCannotTellMobileFromFixedThenAccepted() {
    // US metadata can't tell mobile from fixed line: FIXED_LINE_OR_MOBILE is the best it knows.
    PhoneNumberNormalizer us = new PhoneNumberNormalizer("US", Set.of("US"));
    assertThat(us.normalize("(650) 253-0000").e164()).isEqualTo("+16502530000");
  }

  private static void assertInvalid(PhoneNumberNormalizer normalizer, String input) {
    assertThatThrownBy(() -> normalizer.normalize(input))
        .isInstanceOfSatisfying(OtpException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.INVALID_PHONE_NUMBER);
          assertThat(e.field()).contains("phoneNumber");
        });
  }
}
