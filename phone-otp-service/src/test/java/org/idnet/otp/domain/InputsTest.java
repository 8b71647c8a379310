package org.idnet.otp.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "user-42", "A.b_c:d@e-f", "0123456789"})
  void accountIdWhenAllowedCharactersThenAccepted(String id) {
    assertThat(Inputs.accountId(id)).isEqualTo(id);
  }

  @Test
  void accountIdWhen128CharactersThenAcceptedAnd129Refused() {
    assertThat(Inputs.accountId("x".repeat(128))).hasSize(128);
    assertRefused(() -> Inputs.accountId("x".repeat(129)), FailureReason.INVALID_ACCOUNT_ID, "accountId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a/b", "é", "a\nb", "a;b", "<script>"})
  void accountIdWhenOtherCharactersThenInvalid(String id) {
    assertRefused(() -> Inputs.accountId(id), FailureReason.INVALID_ACCOUNT_ID, "accountId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"000000", "012345", "999999"})
  void codeWhenSixAsciiDigitsThenAccepted(String code) {
    assertThat(Inputs.code(code)).isEqualTo(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "12345", "1234567", "12345a", " 12345", "١٢٣٤٥٦", "１２３４５６", "12 456"})
  void codeWhenNotSixAsciiDigitsThenInvalid(String code) {
    assertRefused(() -> Inputs.code(code), FailureReason.INVALID_CODE, "code");
  }

  private static void assertRefused(Runnable call, FailureReason reason, String field) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(OtpException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.field()).contains(field);
    });
  }
}
