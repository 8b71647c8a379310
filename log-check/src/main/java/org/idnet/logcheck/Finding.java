package org.idnet.logcheck;

import java.nio.file.Path;

/**
 * A personal value or secret in a log file.
 *
 * @param file the file, relative to the repository root
 * @param line its line number, from 1
 * @param rule the rule's name
 * @param masked the value as the report shows it ({@link #mask}); the raw value is never kept
 */
public record Finding(Path file, long line, String rule, String masked) {

  @Override
  public String toString() {
    return file + ":" + line + ": " + rule + " " + masked;
  }

  /**
   * What the report shows of a value: enough to find it again in the line, too little to be the
   * value. A name shows only how many words it has (its initials and word lengths, with a short
   * list of Vietnamese family and middle names, would nearly name the person); long values (tokens)
   * their first three characters and their length; others their last two characters, as the
   * project masks citizen ids.
   */
  static String mask(String rule, String value) {
    if (rule.equals(LeakRules.FULL_NAME)) {
      return "[a name of " + value.strip().split("[ \\t+_]+").length + " words]";
    }
    if (value.length() > 24) {
      return value.substring(0, 3) + "…[" + value.length() + " chars]";
    }
    int shown = value.length() > 6 ? 2 : 0;
    return "*".repeat(value.length() - shown) + value.substring(value.length() - shown);
  }
}
