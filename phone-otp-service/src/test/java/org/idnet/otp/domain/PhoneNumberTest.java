package org.idnet.otp.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumberTest {

  private final PhoneNumber vn = new PhoneNumber(84, "912345678");

  @Test
  void maskedKeepsCountryCodeTwoFirstAndTwoLastDigits() {
    assertThat(vn.masked()).isEqualTo("+8491*****78");
  }

  @Test
  void maskedWhenLongerNumberThenOneStarPerHiddenDigit() {
    assertThat(new PhoneNumber(1, "6502530000").masked()).isEqualTo("+165******00");
  }

  @Test
  void toStringWhenLoggedByAccidentThenMasked() {
    assertThat(vn.toString()).isEqualTo("+8491*****78").doesNotContain("912345678");
    assertThat(String.valueOf(new PhoneBinding("p", "a", vn, "id"))).doesNotContain("912345678");
  }

  @Test
  void prefixIsTheFirstCharactersOfE164() {
    assertThat(vn.e164()).isEqualTo("+84912345678");
    assertThat(vn.prefix(7)).isEqualTo("+849123");
  }
}
