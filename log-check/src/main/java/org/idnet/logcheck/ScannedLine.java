package org.idnet.logcheck;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One log line with the facts several rules test before running a pattern, computed once: most
 * lines hold no run of six digits, so the number rules skip them without a regular expression.
 * Its {@link #decoded()} form is the second pass every rule also reads: a value written into a URL
 * ({@code %20}, {@code %2B}, {@code %3D}) or into escaped JSON ({@code \\u1ec5}, {@code \n}) is a
 * value all the same.
 */
public final class ScannedLine {

  private final String text;
  private int longestDigitRun = -1;
  private int chain = -1;
  private int plusChain;
  private ScannedLine decoded;

  public ScannedLine(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The length of the longest run of ASCII digits. */
  public int longestDigitRun() {
    if (longestDigitRun < 0) {
      int longest = 0;
      int run = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        run = c >= '0' && c <= '9' ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      longestDigitRun = longest;
    }
    return longestDigitRun;
  }

  /**
   * The most digits in one chain of digit runs joined by single spaces, dots or hyphens
   * ({@code 0912 345 678}: 10), and the most in such a chain right after a {@code +}: a grouped
   * phone number needs 10, or 7 after a plus; a timestamp ({@code 12:03:20.821}) has 5.
   */
  public int longestDigitChain(boolean afterPlus) {
    if (chain < 0) {
      int digits = 0;
      boolean plus = false;
      for (int i = 0; i <= text.length(); i++) {
        char c = i < text.length() ? text.charAt(i) : '\n';
        if (c >= '0' && c <= '9') {
          if (digits == 0) {
            plus = i > 0 && text.charAt(i - 1) == '+';
          }
          digits++;
        } else if ((c == ' ' || c == '.' || c == '-') && i > 0 && Character.isDigit(text.charAt(i - 1))
            && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
          continue;
        } else {
          chain = Math.max(chain, digits);
          plusChain = plus ? Math.max(plusChain, digits) : plusChain;
          digits = 0;
        }
      }
      chain = Math.max(chain, 0);
    }
    return afterPlus ? plusChain : chain;
  }

  public boolean contains(String part) {
    return text.contains(part);
  }

  /**
   * The line with its {@code %XX} escapes (as UTF-8 bytes) and its JSON/Java escapes
   * ({@code \\uXXXX}; {@code \n \r \t} as a space) decoded; this line itself when it holds none.
   * Malformed escapes stay as they are.
   */
  public ScannedLine decoded() {
    if (decoded == null) {
      decoded = text.indexOf('%') < 0 && text.indexOf('\\') < 0 ? this : decodedOrSelf();
    }
    return decoded;
  }

  private ScannedLine decodedOrSelf() {
    StringBuilder out = new StringBuilder(text.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '%' && hex(text, i + 1, 2) >= 0) {
        bytes.write(hex(text, i + 1, 2));
        i += 3;
        continue;
      }
      flush(bytes, out);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == 'u' && hex(text, i + 2, 4) >= 0) {
        out.append((char) hex(text, i + 2, 4));
        i += 6;
      } else if (c == '\\' && i + 1 < text.length() && "nrt".indexOf(text.charAt(i + 1)) >= 0) {
        out.append(' ');
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    flush(bytes, out);
    String result = out.toString();
    return result.equals(text) ? this : new ScannedLine(result);
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  /** The value of {@code length} hex digits at {@code from}, or -1. */
  private static int hex(String s, int from, int length) {
    if (from + length > s.length()) {
      return -1;
    }
    int value = 0;
    for (int i = from; i < from + length; i++) {
      int digit = Character.digit(s.charAt(i), 16);
      if (digit < 0) {
        return -1;
      }
      value = value * 16 + digit;
    }
    return value;
  }
}
