package org.idnet.identity.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns a number as a carrier sends it (national or international form) into E.164, the form
 * bindings are indexed by. Any valid number is accepted: a carrier's report about a number no one
 * bound simply revokes nothing.
 */
public final class PhoneNumberNormalizer {

  /** Digits and the usual separators only: letters ("vanity" numbers) and extensions are refused. */
  private static final Pattern INPUT = Pattern.compile("\\+?[0-9 ().\\-]{1,32}");

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String defaultRegion;

  public PhoneNumberNormalizer(String defaultRegion) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    if (!util.getSupportedRegions().contains(this.defaultRegion)) {
      throw new IllegalArgumentException("unknown default region " + defaultRegion);
    }
  }

  public PhoneNumber normalize(String input) {
    if (input == null || !INPUT.matcher(input.strip()).matches()) {
      throw invalid();
    }
    Phonenumber.PhoneNumber parsed;
    try {
      parsed = util.parse(input.strip(), defaultRegion);
    } catch (NumberParseException e) {
      throw invalid();
    }
    if (!util.isValidNumber(parsed)) {
      throw invalid();
    }
    return new PhoneNumber(util.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164));
  }

  private static IdentityException invalid() {
    return IdentityException.invalid(FailureReason.INVALID_PHONE_NUMBER, "phoneNumber",
        "phoneNumber must be a valid phone number, national (default region) or international");
  }
}
