package org.idnet.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CitizenIdTest {

  @ParameterizedTest
  @CsvSource({
      // id,          province, female, birth year
      "001090123456, 001, false, 1990",  // Hà Nội, 20th century, male
      "079301234567, 079, true,  2001",  // TP Hồ Chí Minh, 21st century, female
      "096200000001, 096, false, 2000",  // Cà Mau
      "048112345678, 048, true,  1912",  // Đà Nẵng
      "002199999999, 002, true,  1999",  // Hà Giang
      "004405000000, 004, false, 2105",  // Cao Bằng, 22nd century
      "036599123123, 036, true,  2199",
      "038600000000, 038, false, 2200",  // 23rd century
      "067700000000, 067, true,  2200",
      "089899000000, 089, false, 2399",  // 24th century
      "092900000000, 092, true,  2300"})
  void parseWhenWellFormedThenProvinceSexAndBirthYearRead(String raw, String province, boolean female, int year) {
    CitizenId id = CitizenId.parse(raw);

    assertThat(id.value()).isEqualTo(raw);
    assertThat(id.provinceCode()).isEqualTo(province);
    assertThat(id.female()).isEqualTo(female);
    assertThat(id.birthYear()).isEqualTo(year);
    assertThat(id.consistentWith(LocalDate.of(year, 1, 1))).isTrue();
    assertThat(id.consistentWith(LocalDate.of(year, 12, 31))).isTrue();
    assertThat(CitizenId.centuryDigit(year, female)).isEqualTo(raw.charAt(3) - '0');
  }

  @Test
  void consistentWhenCenturyOrYearDiffersThenFalse() {
    CitizenId male1990 = CitizenId.parse("001090123456");
    CitizenId female2001 = CitizenId.parse("079301234567");

    assertThat(male1990.consistentWith(LocalDate.of(1990, 6, 15))).isTrue();
    assertThat(male1990.consistentWith(LocalDate.of(2090, 6, 15))).isFalse();
    assertThat(male1990.consistentWith(LocalDate.of(1991, 6, 15))).isFalse();
    assertThat(male1990.consistentWith(LocalDate.of(1989, 12, 31))).isFalse();
    assertThat(female2001.consistentWith(LocalDate.of(2001, 2, 3))).isTrue();
    assertThat(female2001.consistentWith(LocalDate.of(1901, 2, 3))).isFalse();
    assertThat(female2001.consistentWith(null)).isFalse();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {
      "00109012345", "0010901234567", "00109012345a", "001-90123456", " 001090123456", "001090123456 ",
      "００１０９０１２３４５６", "٠٠١٠٩٠١٢٣٤٥٦", "+01090123456", "1e9090123456"})
  void parseWhenNotTwelveAsciiDigitsThenInvalidIdentityOnNationalId(String raw) {
    IdentityException e = catchThrowableOfType(IdentityException.class, () -> CitizenId.parse(raw));

    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_IDENTITY);
    assertThat(e.reason().code()).isEqualTo("invalid-identity");
    assertThat(e.field()).contains("nationalId");
    if (raw != null && !raw.isEmpty()) {
      assertThat(e.getMessage()).doesNotContain(raw.strip()).doesNotContain("0901234");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"000090123456", "003090123456", "005090123456", "050090123456", "078090123456",
      "097090123456", "099090123456", "100090123456", "999090123456"})
  void parseWhenProvinceCodeUnknownThenInvalidWithoutEchoingTheValue(String raw) {
    IdentityException e = catchThrowableOfType(IdentityException.class, () -> CitizenId.parse(raw));

    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_IDENTITY);
    assertThat(e.field()).contains("nationalId");
    assertThat(e.getMessage()).contains("province").doesNotContain(raw).doesNotContain(raw.substring(0, 3));
  }

  @Test
  void provinceCodesAreTheSixtyThreeOfTheCircular() {
    assertThat(CitizenId.provinceCodes()).hasSize(63).doesNotHaveDuplicates().isSorted()
        .contains("001", "002", "004", "048", "079", "092", "096")
        .doesNotContain("003", "005", "097");
  }

  @Test
  void toStringMasksAllButTheLastTwoDigits() {
    CitizenId id = CitizenId.parse("079301234567");

    assertThat(id.toString()).doesNotContain("079301234567").doesNotContain("0793").doesNotContain("2345")
        .isEqualTo("CitizenId[**********67]");
    assertThat(id.masked()).isEqualTo("**********67");
  }

  @Test
  void equalIdsAreEqualValues() {
    assertThat(CitizenId.parse("001090123456")).isEqualTo(CitizenId.parse("001090123456"))
        .hasSameHashCodeAs(CitizenId.parse("001090123456"))
        .isNotEqualTo(CitizenId.parse("001090123457"));
  }
}
