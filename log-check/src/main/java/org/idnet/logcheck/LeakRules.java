package org.idnet.logcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idnet.identity.store.SyntheticPopulation;

/**
 * What no log line of any test may hold (security.md, "Logs and errors"). Every rule reads each
 * line twice: as written, and with its {@code %XX} and {@code \}-escapes decoded
 * ({@link ScannedLine#decoded()}). Masked forms pass: the project masks phone numbers as
 * {@code +8491*****78} and citizen ids as {@code **********67}, and a star next to the digits ends
 * a match.
 *
 * <p>A number stands alone when no digit touches it: a letter may ({@code id079301234567}, the
 * {@code n} of an escaped {@code \n}, the {@code D} of {@code %3D}), since what glues a value to
 * a word is a log statement's accident, not a reason to let it through. What looks like a number
 * but is not, and fills a build's logs: epoch milliseconds (13 digits) and nanoseconds (longer),
 * decimals ({@code 0.0912345678}), any part of a UUID, a hex hash or trace id (a run of hex digits
 * of 16 or more with a letter among them), an IPv4 address.
 *
 * <p>Not scanned for, and why: dates of birth (every log line starts with a date; the services
 * never log one, which identity's PersonalDataLeakTest checks with the exact dates it uses);
 * Idempotency-Keys (not secrets: remembered per platform or officer, so one caller's key does
 * nothing for another); client secrets and database passwords of the sandbox (public development
 * values, written in this repository); a national significant number alone ({@code 912345678}: any
 * 9-digit count of nanoseconds or bytes looks the same, and nothing writes a number that way).
 */
public final class LeakRules {

  /** The rule of names, whose findings the report masks down to their word count. */
  static final String FULL_NAME = "full-name";

  /** No digit, star (masked form) or decimal point after a digit right before. */
  private static final String ALONE_BEFORE = "(?<![\\d*])(?<!\\d\\.)";
  /** No digit or star right after, nor a decimal fraction. */
  private static final String ALONE_AFTER = "(?![\\d*])(?!\\.\\d)";
  /** A run of hex digits this long with a letter in it is a hash, a key or a trace id. */
  private static final int HEX_TOKEN = 16;
  /**
   * A phone number written in groups: an optional {@code +}, then 2 to 6 groups of digits
   * separated by one space, dot or hyphen ({@code +84 912 345 678}, {@code 091-234-5678}).
   */
  private static final Pattern GROUPED = Pattern.compile(
      "(?<![\\d*+.:-])(\\+?\\d{1,4}(?:[ .-]\\d{2,4}){1,5})(?![\\d*])(?![.:-]\\d)");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
  private static final Pattern UUID = Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

  private LeakRules() {
  }

  /** The rules every log of the build is held to. */
  public static List<LeakRule> standard() {
    return List.of(
        digits("citizen-id", "a 12-digit citizen id (masked: **********67)", 12,
            ALONE_BEFORE + "(\\d{12})" + ALONE_AFTER),
        digits("phone-e164", "an E.164 phone number, + (or %2B) and 7-15 digits (masked: +8491*****78)", 7,
            "(?<!\\d)((?:\\+|%2[Bb])[1-9]\\d{6,14})" + ALONE_AFTER),
        digits("phone-84", "a Vietnamese number in E.164 digits without the + (84912345678; a decoded query's +"
            + " is a space)", 11, ALONE_BEFORE + "(?<![+])(?<!%2[Bb])(84[1-9]\\d{8})" + ALONE_AFTER),
        digits("phone-national", "a Vietnamese phone number in national form: 0 and 9 digits (0912345678)", 10,
            ALONE_BEFORE + "(0[1-9]\\d{8})" + ALONE_AFTER),
        LeakRule.guarded("phone-grouped", "a phone number written in groups (+84 912 345 678, 0912 345 678,"
            + " 091-234-5678)", l -> mayHoldAGroupedPhone(l) || mayHoldAGroupedPhone(l.decoded()),
            decodedToo(LeakRules::groupedPhones)),
        digits("otp-code", "a 6-digit one-time code after the word code or otp (\"Your idnet code is 123456\")", 6,
            "(?i)\\b(?:code|otp)\\b[^\\d\\r\\n]{0,24}?(?<![\\p{Alnum}.])(\\d{6})(?![\\p{Alnum}]|\\.\\d)"),
        digits("otp-code-field", "a 6-digit code as the value of a key holding code or otp (verificationCode=123456,"
            + " otp_code: 123456, \"otpCode\":\"123456\")", 6,
            "(?i)(?:code|otp)[a-z_]*[\"'\\\\]{0,2}\\s?[:=]\\s?[\"'\\\\]{0,2}(\\d{6})" + ALONE_AFTER),
        LeakRule.guarded("jwt", "a JSON Web Token (header.payload.signature, base64url)", l -> l.contains("eyJ"),
            regex("(eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*)")),
        LeakRule.guarded("bearer-token", "a bearer token (\"Bearer \" and 16 or more token characters)",
            l -> l.contains("earer") || l.contains("EARER"),
            regex("(?i)\\bbearer\\s+([A-Za-z0-9._~+/-]{16,}=*)")),
        LeakRule.guarded("basic-credentials", "HTTP Basic credentials (\"Authorization: Basic \" and base64)",
            l -> l.contains("asic") || l.contains("ASIC"),
            regex("(?i)authorization\\W{1,4}basic\\s+([A-Za-z0-9+/]{8,}={0,2})")),
        LeakRule.guarded("hosted-session", "a hosted session's Idnet-Session value: its id (vs_ and 22 characters, or a"
            + " UUID), a dot and its 43-character base64url secret", l -> l.text().indexOf('.') >= 0,
            decodedToo(regex("(?<![A-Za-z0-9_-])((?:vs_[A-Za-z0-9_-]{22}|" + UUID.pattern() + ")\\.[A-Za-z0-9_-]{43})"
                + "(?![A-Za-z0-9_-])"))),
        LeakRule.guarded("hosted-link", "a launch token or result reference in a /verify/ path (/verify/<43 base64url>;"
            + " the pages' own routes, /verify/phone, /verify/{launch}, pass)", l -> l.text().contains("verify/")
            || l.text().contains("verify%2F") || l.text().contains("verify%2f"),
            decodedToo(regex("/verify/([A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])"))),
        LeakRule.guarded("hosted-query", "the value of a result= query parameter, or of state= beside it (a result"
            + " reference a platform redeems and the platform's state, on its return address), 8 or more characters;"
            + " an OAuth state= alone is not one", l -> l.text().contains("result=") || l.text().contains("result%3D")
            || l.text().contains("result%3d"),
            decodedToo(regex("[?&](?:result|state)=([A-Za-z0-9._~-]{8,})"))),
        new LeakRule(FULL_NAME, "a synthetic citizen's name: family and middle name, then a word (any case,"
            + " with or without diacritics, escaped or URL-encoded)",
            decodedToo(new NameFinder(SyntheticPopulation.nameWords()))));
  }

  private static LeakRule digits(String name, String description, int run, String pattern) {
    Pattern compiled = Pattern.compile(pattern);
    return LeakRule.guarded(name, description, l -> l.longestDigitRun() >= run, decodedToo(line -> {
      Matcher m = compiled.matcher(line.text());
      List<String> found = new ArrayList<>(1);
      while (m.find()) {
        if (!inAHexToken(line.text(), m.start(1), m.end(1)) && !inAUuid(line.text(), m.start(1), m.end(1))) {
          found.add(m.group(1));
        }
      }
      return found;
    }));
  }

  /** The cheap test before the pattern: most lines hold dates and times (short chains), no phone-long one. */
  private static boolean mayHoldAGroupedPhone(ScannedLine line) {
    return line.longestDigitChain(false) >= 10 || line.longestDigitChain(true) >= 7;
  }

  /** Grouped numbers whose digits are a phone number: + and 7-15 digits, 0 and 9, or 84 and 9. */
  static List<String> groupedPhones(ScannedLine line) {
    Matcher m = GROUPED.matcher(line.text());
    List<String> found = new ArrayList<>(1);
    while (m.find()) {
      String written = m.group(1);
      String digits = written.replaceAll("\\D", "");
      boolean phone = written.startsWith("+") ? digits.matches("[1-9]\\d{6,14}")
          : digits.matches("0[1-9]\\d{8}|84[1-9]\\d{8}");
      if (phone && !IPV4.matcher(written).matches() && !inAHexToken(line.text(), m.start(1), m.end(1))
          && !inAUuid(line.text(), m.start(1), m.end(1))) {
        found.add(written);
      }
    }
    return found;
  }

  /** Whether the digits at [from, to) belong to a hex token of {@value #HEX_TOKEN} or more characters with a letter. */
  static boolean inAHexToken(String text, int from, int to) {
    int start = from;
    while (start > 0 && Character.digit(text.charAt(start - 1), 16) >= 0) {
      start--;
    }
    int end = to;
    while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
      end++;
    }
    if (end - start < HEX_TOKEN) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (!Character.isDigit(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether [from, to) lies within a UUID ({@code 7f0676506881} is the last group of one, {@code 07-4546-8592} a part). */
  static boolean inAUuid(String text, int from, int to) {
    int start = Math.max(0, to - 36);
    Matcher uuid = UUID.matcher(text).region(start, Math.min(text.length(), from + 36));
    while (uuid.find()) {
      if (uuid.start() <= from && to <= uuid.end()) {
        return true;
      }
    }
    return false;
  }

  /** The finder over the line as written and over its decoded form, each value once. */
  private static LeakRule.Finder decodedToo(LeakRule.Finder finder) {
    return line -> {
      List<String> found = finder.find(line);
      ScannedLine decoded = line.decoded();
      if (decoded == line) {
        return found;
      }
      List<String> all = new ArrayList<>(found);
      List<String> seen = new ArrayList<>(found.stream().map(LeakRules::bare).toList());
      for (String value : finder.find(decoded)) {
        if (!seen.contains(bare(value))) {
          all.add(value);
          seen.add(bare(value));
        }
      }
      return all;
    };
  }

  /** A value without escapes and punctuation: {@code %2B84912345678} and its decoded {@code +84912345678} are one. */
  private static String bare(String value) {
    return value.replaceAll("%\\p{XDigit}{2}|\\\\u\\p{XDigit}{4}|[^\\p{L}\\p{N}]", "");
  }

  /** Every match of group 1. */
  private static LeakRule.Finder regex(String pattern) {
    Pattern compiled = Pattern.compile(pattern);
    return line -> {
      Matcher m = compiled.matcher(line.text());
      List<String> found = new ArrayList<>(1);
      while (m.find()) {
        found.add(m.group(1));
      }
      return found;
    };
  }
}
