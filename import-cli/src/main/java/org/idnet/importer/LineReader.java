package org.idnet.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a text, as {@link java.io.BufferedReader#readLine()} splits them ({@code \n},
 * {@code \r} or {@code \r\n} ends a line; a last line without one is a line), but never holding more
 * than {@code max} characters of one: a longer line is read to its end and dropped, and
 * {@link #tooLong()} says so. A file of one multi-gigabyte line costs a buffer, not the line.
 */
final class LineReader implements Closeable {

  private final Reader in;
  private final int max;
  private final char[] buffer = new char[1 << 16];
  private final StringBuilder line = new StringBuilder();
  private int position;
  private int end;
  private boolean skipLineFeed;
  private boolean tooLong;

  LineReader(Reader in, int max) {
    this.in = in;
    this.max = max;
  }

  /** Reads the next line: false at the end of the text. */
  boolean next() throws IOException {
    line.setLength(0);
    if (line.capacity() > (long) max * 2 + 16) {
      line.trimToSize();
    }
    tooLong = false;
    boolean any = false;
    while (true) {
      if (position == end && !fill()) {
        return any;
      }
      if (skipLineFeed) {
        skipLineFeed = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      any = true;
      int start = position;
      while (position < end && buffer[position] != '\n' && buffer[position] != '\r') {
        position++;
      }
      keep(start, position);
      if (position < end) {
        skipLineFeed = buffer[position++] == '\r';
        return true;
      }
    }
  }

  /** The line read, without its end; empty when it was {@link #tooLong()}. */
  String text() {
    return line.toString();
  }

  /** Whether the line read had more than {@code max} characters (its text was not kept). */
  boolean tooLong() {
    return tooLong;
  }

  private void keep(int start, int stop) {
    if (tooLong) {
      return;
    }
    if (line.length() + (stop - start) > max) {
      tooLong = true;
      line.setLength(0);
      return;
    }
    line.append(buffer, start, stop - start);
  }

  private boolean fill() throws IOException {
    int read;
    do {
      read = in.read(buffer, 0, buffer.length);
    } while (read == 0);
    if (read < 0) {
      position = end = 0;
      return false;
    }
    position = 0;
    end = read;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
