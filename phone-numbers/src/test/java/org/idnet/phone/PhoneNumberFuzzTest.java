package org.idnet.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Fuzzes phone-number normalization and masking (issue 13): whatever a user or a carrier types,
 * the answer is a number in E.164 of the policy's kind, the same when typed again in that form, or
 * the policy's one refusal, never another exception; and the one masked form hides what security.md
 * says it hides for every E.164 number, whatever its length.
 *
 * <p>Inputs are UTF-8 text (what reaches the services from JSON); the seeds under
 * {@code PhoneNumberFuzzTestInputs/<method>/} are readable numbers.
 */
class PhoneNumberFuzzTest {

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  /** As phone-otp-service is configured by default (application.yml: VN, [VN]). */
  private static final PhoneNumberNormalizer SMS = PhoneNumberNormalizer.smsCapable("VN", Set.of("VN"));
  /** As identity-service reads carriers' number events. */
  private static final PhoneNumberNormalizer ANY = PhoneNumberNormalizer.anyValid("VN");

  @FuzzTest
  void normalizedIsValidE164OfThePolicyAndStableOrRefused(byte[] input) {
    String typed = new String(input, StandardCharsets.UTF_8);
    PhoneNumber any = normalizeOrNull(ANY, typed,
        "phoneNumber must be a valid phone number, national (default region) or international");
    PhoneNumber sms = normalizeOrNull(SMS, typed, "phoneNumber must be a valid mobile number of an allowed region");
    if (sms != null) {
      // What may receive a code is a valid number too, and the same one.
      assertThat(any).as("accepted for SMS but not as a number: %s", typed).isEqualTo(sms);
      var parsed = parse(sms);
      assertThat(UTIL.getRegionCodeForNumber(parsed)).isEqualTo("VN");
      assertThat(UTIL.getNumberType(parsed)).isIn(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);
    }
    if (any != null) {
      assertThat(any.e164()).matches("\\+[1-9][0-9]{6,14}");
      assertThat(UTIL.isValidNumber(parse(any))).isTrue();
      // Stable: the E.164 form, typed again, is the same number (so a stored number equals itself retyped).
      assertThat(ANY.normalize(any.e164())).isEqualTo(any);
      if (sms != null) {
        assertThat(SMS.normalize(sms.e164())).isEqualTo(sms);
      }
    }
  }

  @FuzzTest
  void maskedFormHidesAtLeastFiveDigitsOfAnyE164Number(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    PhoneNumber number;
    try {
      number = new PhoneNumber(text);
    } catch (InvalidPhoneNumberException refused) {
      assertThat(text).doesNotMatch("\\+[1-9][0-9]{6,14}");
      assertThat(refused.getMessage()).isEqualTo("phoneNumber must be in E.164 form: + then 7-15 digits, country code first");
      return;
    }
    String masked = number.masked();
    int digits = text.length() - 1;
    int hidden = (int) masked.chars().filter(c -> c == '*').count();
    int head = masked.indexOf('*') - 1;
    assertThat(masked).hasSameSizeAs(text).startsWith("+").endsWith(text.substring(text.length() - 2));
    assertThat(hidden).isGreaterThanOrEqualTo(PhoneNumber.MIN_HIDDEN).isEqualTo(digits - head - PhoneNumber.TAIL);
    assertThat(head).isBetween(0, PhoneNumber.MAX_HEAD);
    assertThat(masked.substring(0, 1 + head)).isEqualTo(text.substring(0, 1 + head));
    assertThat(masked.substring(1 + head, masked.length() - 2)).matches("\\*+");
    assertThat(number.toString()).isEqualTo(masked).doesNotContain(text.substring(1));
    assertThat(number.prefix(4)).isEqualTo(text.substring(0, Math.min(4, text.length())));
    int code;
    try {
      code = number.countryCode();
    } catch (IllegalStateException unknown) {
      assertThat(unknown.getMessage()).endsWith(masked).doesNotContain(text);
      return;
    }
    assertThat(UTIL.getSupportedCallingCodes()).contains(code);
    assertThat("+" + code + number.nationalNumber()).isEqualTo(text);
  }

  private static PhoneNumber normalizeOrNull(PhoneNumberNormalizer policy, String typed, String refusal) {
    try {
      return policy.normalize(typed);
    } catch (InvalidPhoneNumberException refused) {
      assertThat(refused.getMessage()).isEqualTo(refusal);
      return null;
    }
  }

  private static com.google.i18n.phonenumbers.Phonenumber.PhoneNumber parse(PhoneNumber number) {
    try {
      return UTIL.parse(number.e164(), "ZZ");
    } catch (com.google.i18n.phonenumbers.NumberParseException e) {
      throw new AssertionError("normalized number does not parse: " + number.masked(), e);
    }
  }
}
