package org.idnet.benchmarks.records;

import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Rows in the text format of PostgreSQL's {@code COPY ... FROM STDIN}: columns separated by tabs,
 * rows ended by a newline, {@code \N} for NULL, bytea as {@code \\x<hex>} (the backslash itself
 * escaped), and backslash, tab, newline and carriage return escaped inside text.
 */
final class CopyText {

  private static final HexFormat HEX = HexFormat.of();

  private CopyText() {
  }

  static void row(StringBuilder out, Object[] values) {
    for (int c = 0; c < values.length; c++) {
      if (c > 0) {
        out.append('\t');
      }
      value(out, values[c]);
    }
    out.append('\n');
  }

  static void value(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("\\N");
      case byte[] bytes -> out.append("\\\\x").append(HEX.formatHex(bytes));
      case UUID uuid -> out.append(uuid);
      case OffsetDateTime time -> out.append(time);
      case Number number -> out.append(number);
      case String text -> text(out, text);
      default -> throw new IllegalArgumentException("no COPY text for " + value.getClass().getName());
    }
  }

  private static void text(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
  }
}
