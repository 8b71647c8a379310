package org.idnet.identity.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "user-1", "A.b_c:d@e-f"})
  void accountIdWhenAllowedCharactersThenAccepted(String accountId) {
    assertThat(new AccountRef("platform-a", accountId).accountId()).isEqualTo(accountId);
    assertThat(new AccountRef("platform-a", "x".repeat(128)).accountId()).hasSize(128);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "ü", "a/b", "a|b"})
  void accountIdWhenMalformedThenInvalidAccountId(String accountId) {
    IdentityException e = catchThrowableOfType(IdentityException.class, () -> new AccountRef("platform-a", accountId));
    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_ACCOUNT_ID);
    assertThat(e.field()).contains("accountId");
  }

  @Test
  void accountIdWhenTooLongOrMissingThenInvalidAccountId() {
    assertThatThrownBy(() -> new AccountRef("platform-a", "x".repeat(129))).isInstanceOf(IdentityException.class);
    assertThatThrownBy(() -> new AccountRef("platform-a", null)).isInstanceOf(IdentityException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "84912345678", "+0912345678", "+123456", "+1234567890123456", "+8491234567a", " +84912345678"})
  void phoneWhenNotE164ThenInvalidPhoneNumber(String phone) {
    IdentityException e = catchThrowableOfType(IdentityException.class, () -> PhoneNumbers.e164(phone));
    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_PHONE_NUMBER);
    assertThat(e.field()).contains("phoneNumber");
    assertThat(e.getMessage()).doesNotContain("8491234");
  }

  @Test
  void bindingWhenVerificationIdMissingThenInvalidVerificationId() {
    IdentityException e = catchThrowableOfType(IdentityException.class,
        () -> PhoneBindingRequest.of("platform-a", "alice", "+84912345678", ""));
    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_VERIFICATION_ID);
    assertThat(e.field()).contains("verificationId");
  }

  @Test
  void bindingWhenPlatformIdMissingThenInvalidPlatformId() {
    IdentityException e = catchThrowableOfType(IdentityException.class,
        () -> PhoneBindingRequest.of("", "alice", "+84912345678", "v-1"));
    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_PLATFORM_ID);
    assertThat(e.field()).contains("platformId");
  }
}
