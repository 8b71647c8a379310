package org.idnet.otp.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.idnet.phone.PhoneNumber;
import org.junit.jupiter.api.Test;

class CodeHasherTest {

  private final byte[] key = filled(7);
  private final CodeHasher hasher = new CodeHasher(key);
  private final PhoneNumber phone = PhoneNumber.of(84, "912345678");
  private final String base = hasher.hash("id-A", "platform-a", "acc-1", phone, "123456");

  @Test
  void hashWhenSameInputsThenSameHashWithoutTheCode() {
    assertThat(hasher.hash("id-A", "platform-a", "acc-1", phone, "123456")).isEqualTo(base);
    assertThat(base).doesNotContain("123456").doesNotContain("912345678");
  }

  @Test
  void hashWhenAnyBoundFieldDiffersThenDifferentHash() {
    assertThat(hasher.hash("id-B", "platform-a", "acc-1", phone, "123456")).isNotEqualTo(base);
    assertThat(hasher.hash("id-A", "platform-b", "acc-1", phone, "123456")).isNotEqualTo(base);
    assertThat(hasher.hash("id-A", "platform-a", "acc-2", phone, "123456")).isNotEqualTo(base);
    assertThat(hasher.hash("id-A", "platform-a", "acc-1", PhoneNumber.of(84, "912345679"), "123456")).isNotEqualTo(base);
    assertThat(hasher.hash("id-A", "platform-a", "acc-1", phone, "123457")).isNotEqualTo(base);
  }

  @Test
  void hashWhenFieldsShiftAcrossBoundariesThenDifferentHash() {
    assertThat(hasher.hash("id-Ap", "latform-a", "acc-1", phone, "123456")).isNotEqualTo(base);
  }

  @Test
  void hashWhenOtherKeyThenDifferentHash() {
    assertThat(new CodeHasher(filled(8)).hash("id-A", "platform-a", "acc-1", phone, "123456")).isNotEqualTo(base);
  }

  private static byte[] filled(int value) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
