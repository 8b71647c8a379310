package org.idnet.gateway.transcoding;

import java.util.Arrays;

/**
 * The answer's bytes, encoded once as they are written (no String in between): UTF-8 as
 * {@link String#getBytes} encodes it (a lone surrogate becomes {@code ?}).
 */
final class JsonBytes {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private byte[] bytes;
  int size;

  JsonBytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  private void room(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }

  JsonBytes ascii(char c) {
    room(1);
    bytes[size++] = (byte) c;
    return this;
  }

  /** Text known to be ASCII: numbers, timestamps. */
  JsonBytes ascii(String text) {
    int length = text.length();
    room(length);
    for (int i = 0; i < length; i++) {
      bytes[size++] = (byte) text.charAt(i);
    }
    return this;
  }

  JsonBytes raw(byte[] encoded) {
    room(encoded.length);
    System.arraycopy(encoded, 0, bytes, size, encoded.length);
    size += encoded.length;
    return this;
  }

  /** Any text, unescaped (a name). */
  JsonBytes text(String text) {
    for (int i = 0; i < text.length(); i++) {
      i = encode(text, i);
    }
    return this;
  }

  /** A JSON string as JsonFormat's printer writes it (Gson's defaults: HTML-safe escapes included). */
  JsonBytes string(String value) {
    ascii('"');
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < 0x20) {
        switch (c) {
          case '\t' -> ascii('\\').ascii('t');
          case '\b' -> ascii('\\').ascii('b');
          case '\n' -> ascii('\\').ascii('n');
          case '\r' -> ascii('\\').ascii('r');
          case '\f' -> ascii('\\').ascii('f');
          default -> unicodeEscape(c);
        }
      } else if (c == '"' || c == '\\') {
        ascii('\\').ascii(c);
      } else if (c == '<' || c == '>' || c == '&' || c == '=' || c == '\'' || c == '\u2028' || c == '\u2029') {
        unicodeEscape(c);
      } else if (c < 0x80) {
        room(1);
        bytes[size++] = (byte) c;
      } else {
        i = encode(value, i);
      }
    }
    return ascii('"');
  }

  private void unicodeEscape(char c) {
    room(6);
    bytes[size++] = '\\';
    bytes[size++] = 'u';
    bytes[size++] = (byte) HEX[c >> 12 & 0xf];
    bytes[size++] = (byte) HEX[c >> 8 & 0xf];
    bytes[size++] = (byte) HEX[c >> 4 & 0xf];
    bytes[size++] = (byte) HEX[c & 0xf];
  }

  /** Encodes the character at {@code i} (with its low surrogate); answers the index of the last one read. */
  private int encode(String text, int i) {
    char c = text.charAt(i);
    room(4);
    if (c < 0x80) {
      bytes[size++] = (byte) c;
    } else if (c < 0x800) {
      bytes[size++] = (byte) (0xc0 | c >> 6);
      bytes[size++] = (byte) (0x80 | c & 0x3f);
    } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
      int code = Character.toCodePoint(c, text.charAt(i + 1));
      bytes[size++] = (byte) (0xf0 | code >> 18);
      bytes[size++] = (byte) (0x80 | code >> 12 & 0x3f);
      bytes[size++] = (byte) (0x80 | code >> 6 & 0x3f);
      bytes[size++] = (byte) (0x80 | code & 0x3f);
      return i + 1;
    } else if (Character.isSurrogate(c)) {
      bytes[size++] = '?';
    } else {
      bytes[size++] = (byte) (0xe0 | c >> 12);
      bytes[size++] = (byte) (0x80 | c >> 6 & 0x3f);
      bytes[size++] = (byte) (0x80 | c & 0x3f);
    }
    return i;
  }

  byte[] toArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }
}
