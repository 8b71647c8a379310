package org.idnet.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a number as typed (national form in the default region, or international) into E.164.
 * Two policies: {@link #smsCapable} for numbers a code is sent to (phone-otp-service: mobile
 * numbers of the allowed regions only), {@link #anyValid} for numbers reported by carriers
 * (identity-service: any valid number, since a report about a number no one bound revokes nothing).
 */
public final class PhoneNumberNormalizer {

  /** Digits and the usual separators only: letters ("vanity" numbers) and extensions are refused. */
  private static final Pattern INPUT = Pattern.compile("\\+?[0-9 ().\\-]{1,32}");
  /** E.164's limit: a country code and a national number of 15 digits in all. */
  private static final int MAX_E164_DIGITS = 15;

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String defaultRegion;
  /** Null: every region. */
  private final Set<String> allowedRegions;
  private final boolean mobileOnly;
  private final String expected;

  private PhoneNumberNormalizer(String defaultRegion, Set<String> allowedRegions, boolean mobileOnly,
      String expected) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    if (!util.getSupportedRegions().contains(this.defaultRegion)) {
      throw new IllegalArgumentException("unknown default region " + defaultRegion);
    }
    this.allowedRegions = allowedRegions == null ? null
        : allowedRegions.stream().map(r -> r.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    this.mobileOnly = mobileOnly;
    this.expected = expected;
  }

  /** Numbers that can receive an SMS: mobile numbers of {@code allowedRegions} (ISO 3166 codes). */
  public static PhoneNumberNormalizer smsCapable(String defaultRegion, Set<String> allowedRegions) {
    return new PhoneNumberNormalizer(defaultRegion, Set.copyOf(allowedRegions), true,
        "phoneNumber must be a valid mobile number of an allowed region");
  }

  /**
   * Mobile numbers of any region: what a platform may have proved by an SMS, wherever its users
   * live (a bulk import's numbers; phone-otp-service's own {@link #smsCapable} list of regions is
   * not identity-service's to know).
   */
  public static PhoneNumberNormalizer anyMobile(String defaultRegion) {
    return new PhoneNumberNormalizer(defaultRegion, null, true,
        "phoneNumber must be a valid mobile number");
  }

  /** Any valid number of any region. */
  public static PhoneNumberNormalizer anyValid(String defaultRegion) {
    return new PhoneNumberNormalizer(defaultRegion, null, false,
        "phoneNumber must be a valid phone number, national (default region) or international");
  }

  /** @throws InvalidPhoneNumberException when {@code input} is no number of this policy */
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
    if (!util.isValidNumber(parsed)
        || allowedRegions != null && !allowedRegions.contains(util.getRegionCodeForNumber(parsed))) {
      throw invalid();
    }
    PhoneNumberType type = util.getNumberType(parsed);
    // FIXED_LINE_OR_MOBILE means the region's metadata cannot tell the two apart (e.g. US): accept it.
    if (mobileOnly && type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
      throw invalid();
    }
    String e164 = util.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
    // libphonenumber calls some numbers valid that E.164 cannot hold (e.g. German ones of 16 digits):
    // refused as this policy refuses, not with PhoneNumber's message about E.164 text.
    if (e164.length() - 1 > MAX_E164_DIGITS) {
      throw invalid();
    }
    return new PhoneNumber(e164);
  }

  private InvalidPhoneNumberException invalid() {
    return new InvalidPhoneNumberException(expected);
  }
}
