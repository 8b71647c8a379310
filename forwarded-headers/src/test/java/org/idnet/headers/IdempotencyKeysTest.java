package org.idnet.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeysTest {

  @ParameterizedTest
  @ValueSource(strings = {"k", "case-2026/HS-0042", "!~\"#{}|", "0123456789012345678901234567890123456789012345678901234567890123"})
  void wellFormedWhenOneToSixtyFourPrintableAsciiThenTrue(String key) {
    assertThat(IdempotencyKeys.isWellFormed(key)).isTrue();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "with space", "tab\t", "ü", "line\nbreak",
      "01234567890123456789012345678901234567890123456789012345678901234"})
  void wellFormedWhenEmptySpacesNonAsciiOrLongerThanSixtyFourThenFalse(String key) {
    assertThat(IdempotencyKeys.isWellFormed(key)).isFalse();
  }
}
