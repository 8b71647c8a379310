package org.idnet.logcheck;

/**
 * One log line with the facts several rules test before running a pattern, computed once: most
 * lines hold no run of six digits, so the number rules skip them without a regular expression.
 */
public final class ScannedLine {

  private final String text;
  private int longestDigitRun = -1;

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

  public boolean contains(String part) {
    return text.contains(part);
  }
}
