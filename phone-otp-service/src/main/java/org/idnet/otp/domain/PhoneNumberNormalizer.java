package org.idnet.otp.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns what a user typed (national or international form) into an E.164 mobile number of an
 * allowed region. Codes go by SMS, so only numbers that can receive one are accepted.
 */
public final class PhoneNumberNormalizer {

  /** Digits and the usual separators only: letters ("vanity" numbers) and extensions are refused. */
  private static final Pattern INPUT = Pattern.compile("\\+?[0-9 ().\\-]{1,32}");
  private static final String FIELD = "phoneNumber";

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String defaultRegion;
  private final Set<String> allowedRegions;

  public PhoneNumberNormalizer(String defaultRegion, Set<String> allowedRegions) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    this.allowedRegions = allowedRegions.stream().map(r -> r.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
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
    if (!util.isValidNumber(parsed) || !allowedRegions.contains(util.getRegionCodeForNumber(parsed))) {
      throw invalid();
    }
    PhoneNumberType type = util.getNumberType(parsed);
    // FIXED_LINE_OR_MOBILE means the region's metadata cannot tell the two apart (e.g. US): accept it.
    if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      throw invalid();
    }
    return new PhoneNumber(parsed.getCountryCode(), util.getNationalSignificantNumber(parsed));
  }

  private static OtpException invalid() {
    return OtpException.invalid(FailureReason.INVALID_PHONE_NUMBER, FIELD,
        "phoneNumber must be a valid mobile number of an allowed region");
  }
}
