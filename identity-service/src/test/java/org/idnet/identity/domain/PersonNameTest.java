package org.idnet.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.text.Normalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonNameTest {

  private static final String PRECOMPOSED = "Nguy\u1EC5n V\u0103n An";  // Nguyễn Văn An

  @Test
  void normalizeWhenDecomposedThenEqualsPrecomposed() {
    String decomposed = "Nguye\u0302\u0303n Va\u0306n An";
    assertThat(decomposed).isNotEqualTo(PRECOMPOSED);

    PersonName name = PersonName.normalize(decomposed);

    assertThat(name).isEqualTo(PersonName.normalize(PRECOMPOSED));
    assertThat(name.value()).isEqualTo(PRECOMPOSED);
    assertThat(Normalizer.isNormalized(name.value(), Normalizer.Form.NFC)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "  Nguy\u1EC5n   V\u0103n An  ", "Nguy\u1EC5n\tV\u0103n\nAn", "Nguy\u1EC5n\u00A0V\u0103n\u00A0\u00A0An",
      "\u3000Nguy\u1EC5n\u2003V\u0103n\u202FAn\r\n", "Nguy\u1EC5n \t\u00A0 V\u0103n \u2009An"})
  void normalizeWhenAnyUnicodeSpaceThenOneAsciiSpaceAndTrimmed(String raw) {
    assertThat(PersonName.normalize(raw).value()).isEqualTo(PRECOMPOSED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Trần Thị Thủy", "Đặng Quốc Bảo", "Huỳnh Ngọc Ánh", "Lý Thị Mỹ Dung", "Ngô Bảo Châu",
      "Mai", "O'Brien", "Jean-Luc Picard", "J. R. R. Tolkien", "李小龍", "Мария Иванова", "محمد", "ʻOlena"})
  void normalizeWhenLettersAndAllowedPunctuationThenKeptAsTyped(String raw) {
    assertThat(PersonName.normalize(raw).value()).isEqualTo(raw);
  }

  @Test
  void normalizeWhenTypographicApostropheThenAsciiApostrophe() {
    assertThat(PersonName.normalize("O\u2019Brien").value()).isEqualTo("O'Brien");
  }

  @Test
  void lengthCountsCodePointsNotChars() {
    String hundredSupplementary = "\uD840\uDC00".repeat(100);  // U+20000, a CJK letter outside the BMP

    assertThat(PersonName.normalize(hundredSupplementary).value()).hasSize(200);
    assertThat(PersonName.normalize("x".repeat(100)).value()).hasSize(100);
    assertThat(PersonName.normalize("An").value()).isEqualTo("An");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\u00A0\t", "A", " B ", "--", "'.", "- . '"})
  void normalizeWhenTooShortOrNoLetterThenInvalid(String raw) {
    assertInvalid(raw);
  }

  @Test
  void normalizeWhenTooLongThenInvalid() {
    assertInvalid("x".repeat(101));
    assertInvalid("An ".repeat(300));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Nguyễn Văn 1", "Nguyễn2", "Nguyễn@Văn", "Trần_Thị", "Lê, Văn", "Phạm (An)", "Bùi\u200BAn",
      "Đỗ\u0000An", "<script>", "An😀", "\u0301Anh", "An \u0301Bình", "Hồ ١٢"})
  void normalizeWhenDigitsSymbolsOrStrayMarksThenInvalidWithoutEchoingTheInput(String raw) {
    IdentityException e = assertInvalid(raw);

    assertThat(e.getMessage()).doesNotContain(raw).doesNotContain("Nguyễn").doesNotContain("Văn");
  }

  @Test
  void sameIgnoringCaseComparesWithoutCaseButEqualsDoesNot() {
    PersonName typed = PersonName.normalize("NGUYỄN VĂN AN");
    PersonName registered = PersonName.normalize(PRECOMPOSED);

    assertThat(typed.sameIgnoringCase(registered)).isTrue();
    assertThat(PersonName.normalize("nguye\u0302\u0303n va\u0306n an").sameIgnoringCase(registered)).isTrue();
    assertThat(typed).isNotEqualTo(registered);
    assertThat(PersonName.normalize("Nguyen Van An").sameIgnoringCase(registered)).isFalse();
    assertThat(registered.sameIgnoringCase(null)).isFalse();
  }

  @Test
  void toStringMasksTheName() {
    assertThat(PersonName.normalize(PRECOMPOSED).toString()).doesNotContain("Nguy").doesNotContain("An]")
        .isEqualTo("PersonName[***]");
  }

  private static IdentityException assertInvalid(String raw) {
    IdentityException e = catchThrowableOfType(IdentityException.class, () -> PersonName.normalize(raw));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_IDENTITY);
    assertThat(e.field()).contains("fullName");
    return e;
  }
}
