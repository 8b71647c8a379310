package org.idnet.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

  private final PhoneNumber vn = new PhoneNumber("+84912345678");

  @Test
  void maskedWhenVietnameseMobileThenFourFirstAndTwoLastDigits() {
    assertThat(vn.masked()).isEqualTo("+8491*****78");
  }

  @ParameterizedTest
  @CsvSource({
      "+1234567,        +*****67",
      "+12345678,       +1*****78",
      "+6591234567,     +659*****67",
      "+16502530000,    +1650*****00",
      "+37121234567,    +3712*****67",
      "+123456789012345, +1234*********45"})
  void maskedWhenAnyLengthThenAtMostFourLeadingAndAtLeastFiveHiddenDigits(String e164, String masked) {
    String shown = new PhoneNumber(e164).masked();
    assertThat(shown).isEqualTo(masked);
    assertThat(shown.chars().filter(c -> c == '*').count()).isGreaterThanOrEqualTo(5);
    assertThat(shown.chars().filter(Character::isDigit).count()).isLessThanOrEqualTo(6);
  }

  @Test
  void toStringWhenLoggedByAccidentThenMasked() {
    assertThat(vn.toString()).isEqualTo("+8491*****78").doesNotContain("912345678");
    assertThat(String.valueOf(new Holder(vn))).doesNotContain("912345678");
  }

  @Test
  void prefixIsTheFirstCharactersOfE164() {
    assertThat(vn.prefix(7)).isEqualTo("+849123");
    assertThat(vn.prefix(40)).isEqualTo("+84912345678");
  }

  @ParameterizedTest
  @CsvSource({"+84912345678, 84, 912345678", "+16502530000, 1, 6502530000", "+37121234567, 371, 21234567",
      "+390612345678, 39, 0612345678"})
  void countryCodeAndNationalNumberSplitTheE164Form(String e164, int countryCode, String national) {
    PhoneNumber number = new PhoneNumber(e164);
    assertThat(number.countryCode()).isEqualTo(countryCode);
    assertThat(number.nationalNumber()).isEqualTo(national);
    assertThat(PhoneNumber.of(countryCode, national)).isEqualTo(number);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "84912345678", "+0912345678", "+123456", "+1234567890123456", "+8491234567a",
      " +84912345678"})
  void constructorWhenNotE164ThenInvalidWithoutQuotingTheInput(String phone) {
    assertThatThrownBy(() -> new PhoneNumber(phone)).isInstanceOf(InvalidPhoneNumberException.class)
        .hasMessageContaining("E.164").hasMessageNotContaining("8491234");
  }

  @Test
  void constructorWhenNullThenInvalid() {
    assertThatThrownBy(() -> new PhoneNumber(null)).isInstanceOf(InvalidPhoneNumberException.class);
  }

  private record Holder(PhoneNumber phone) {
  }
}
