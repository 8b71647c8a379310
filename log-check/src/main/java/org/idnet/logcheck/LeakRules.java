package org.idnet.logcheck;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idnet.identity.register.SyntheticPopulation;

/**
 * What no log line of any test may hold (security.md, "Logs and errors"). Masked forms pass:
 * the project masks phone numbers as {@code +8491*****78} and citizen ids as
 * {@code **********67}, and a star next to the digits ends a match.
 *
 * <p>Not scanned for, and why: dates of birth (every log line starts with a date; the services
 * never log one, which identity's PersonalDataLeakTest checks with the exact dates it uses);
 * Idempotency-Keys (not secrets: remembered per platform or officer, so one caller's key does
 * nothing for another); client secrets and database passwords of the sandbox (public development
 * values, written in this repository).
 */
public final class LeakRules {

  /** Neither a letter or digit, nor a star (masked form) or an escape ({@code %2B}) right before. */
  private static final String ALONE_BEFORE = "(?<![\\p{Alnum}*%+])";
  /** The 12-hex-digit last group of a UUID can be all digits: not a citizen id. */
  private static final String NOT_IN_A_UUID = "(?<![0-9a-fA-F]{4}-)";

  private LeakRules() {
  }

  /** The rules every log of the build is held to. */
  public static List<LeakRule> standard() {
    return List.of(
        digits("citizen-id", "a 12-digit citizen id (masked: **********67)", 12,
            ALONE_BEFORE + NOT_IN_A_UUID + "(\\d{12})(?![\\p{Alnum}*])"),
        digits("phone-e164", "an E.164 phone number, + (or %2B) and 7-15 digits (masked: +8491*****78)", 7,
            "(?<![\\p{Alnum}*])((?:\\+|%2[Bb])\\d{7,15})(?![\\d*])"),
        digits("phone-national", "a Vietnamese phone number in national form: 0 and 9 digits (0912345678)", 10,
            "(?<![\\p{Alnum}*%+.])(0[1-9]\\d{8})(?![\\p{Alnum}*])"),
        digits("otp-code", "a 6-digit one-time code after the word code or otp (\"Your idnet code is 123456\")", 6,
            "(?i)\\b(?:code|otp)\\b[^\\d\\r\\n]{0,24}?(?<![\\p{Alnum}.])(\\d{6})(?![\\p{Alnum}]|\\.\\d)"),
        LeakRule.guarded("jwt", "a JSON Web Token (header.payload.signature, base64url)", l -> l.contains("eyJ"),
            regex("(eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*)")),
        LeakRule.guarded("bearer-token", "a bearer token (\"Bearer \" and 16 or more token characters)",
            l -> l.contains("earer") || l.contains("EARER"),
            regex("(?i)\\bbearer\\s+([A-Za-z0-9._~+/-]{16,}=*)")),
        LeakRule.guarded("basic-credentials", "HTTP Basic credentials (\"Authorization: Basic \" and base64)",
            l -> l.contains("asic") || l.contains("ASIC"),
            regex("(?i)authorization\\W{1,4}basic\\s+([A-Za-z0-9+/]{8,}={0,2})")),
        new LeakRule("full-name", "a synthetic citizen's name: family and middle name, then a word (any case,"
            + " with or without diacritics)", new NameFinder(SyntheticPopulation.nameWords())));
  }

  private static LeakRule digits(String name, String description, int run, String pattern) {
    return LeakRule.guarded(name, description, l -> l.longestDigitRun() >= run, regex(pattern));
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
