package org.idnet.benchmarks.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyTextTest {

  @Test
  void rowWhenMixedValuesThenCopyTextFormat() {
    StringBuilder out = new StringBuilder();
    UUID id = UUID.fromString("0b6f3c9e-1111-4222-8333-444455556666");

    CopyText.row(out, new Object[] {id, "platform-a", new byte[] {0x00, (byte) 0xAB, 0x7F}, null,
        OffsetDateTime.parse("2025-03-04T05:06:07.000123Z"), 2041});

    assertThat(out).hasToString("0b6f3c9e-1111-4222-8333-444455556666\tplatform-a\t\\\\x00ab7f\t\\N\t"
        + "2025-03-04T05:06:07.000123Z\t2041\n");
  }

  @Test
  void textWhenItHoldsCopysSpecialCharactersThenEscaped() {
    StringBuilder out = new StringBuilder();

    CopyText.value(out, "a\\b\tc\nd\re");

    assertThat(out).hasToString("a\\\\b\\tc\\nd\\re");
  }

  @Test
  void valueWhenOfAnUnknownTypeThenRefused() {
    assertThatThrownBy(() -> CopyText.value(new StringBuilder(), new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
