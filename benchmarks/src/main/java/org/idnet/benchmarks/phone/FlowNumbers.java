package org.idnet.benchmarks.phone;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What flow number {@code n} of P4 uses: its own mobile number and account, so that the per-number
 * abuse limits (3 verifications an hour per number and platform) are met without raising them, and
 * the numbers spread evenly over 100 prefixes of the limits' prefix length.
 *
 * <p>The numbers are the soak's range, {@code +84 93PP SSSSS} (a Vietnamese mobile range the
 * recording SMS adapter never reaches): flow {@code n} uses prefix {@code PP = n mod 100} and
 * serial {@code SSSSS = n / 100}, ten million numbers before any repeats.
 */
public final class FlowNumbers {

  /** Flows before the numbers would repeat. */
  public static final long CAPACITY = 10_000_000L;

  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  private FlowNumbers() {
  }

  /** The national significant number, nine digits: {@code 93PPSSSSS}. */
  public static String nationalNumber(long n) {
    if (n < 0 || n >= CAPACITY) {
      throw new IllegalArgumentException("flow " + n + " is outside the " + CAPACITY + " distinct numbers of P4");
    }
    return String.format("93%02d%05d", n % 100, n / 100);
  }

  /** As a platform types it: the national form, {@code 093PPSSSSS}. */
  public static String typed(long n) {
    return "0" + nationalNumber(n);
  }

  /** As the SMS network addresses it: E.164, {@code +8493PPSSSSS}. */
  public static String e164(long n) {
    return "+84" + nationalNumber(n);
  }

  /** The account the flow verifies (new for every flow: one binding per number and account). */
  public static String account(long n) {
    return String.format("p4-%07d", n);
  }

  /** The six-digit code in an SMS text. */
  public static Optional<String> code(String text) {
    Matcher m = CODE.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
