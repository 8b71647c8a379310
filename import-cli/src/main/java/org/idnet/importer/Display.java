package org.idnet.importer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Where progress goes (standard error). On a terminal: one line redrawn in place (carriage return,
 * then erase to the end of the line). Otherwise (a log file, a CI job): a plain line at most every
 * {@code every}, and the last state when a phase ends, so a log stays short.
 */
final class Display {

  private static final String ERASE_TO_END = "\u001b[K";

  private final PrintStream err;
  private final boolean terminal;
  private final Duration every;
  private final InstantSource clock;
  private Instant lastShown;
  private String pending;
  private boolean drawn;

  Display(PrintStream err, boolean terminal, Duration every, InstantSource clock) {
    this.err = err;
    this.terminal = terminal;
    this.every = every;
    this.clock = clock;
  }

  /** A progress line: drawn now on a terminal; in plain mode printed if {@code every} has passed. */
  void progress(String line) {
    if (terminal) {
      err.print("\r" + line + ERASE_TO_END);
      err.flush();
      drawn = true;
      return;
    }
    Instant now = clock.instant();
    if (lastShown == null || Duration.between(lastShown, now).compareTo(every) >= 0) {
      err.println("idnet-import: " + line);
      lastShown = now;
      pending = null;
    } else {
      pending = line;
    }
  }

  /** The phase ended: its last line stays (a newline on a terminal; the last state in plain mode). */
  void endPhase() {
    if (terminal) {
      if (drawn) {
        err.println();
        drawn = false;
      }
    } else if (pending != null) {
      err.println("idnet-import: " + pending);
      pending = null;
    }
    lastShown = null;
  }

  /** A message of its own line, below any progress line. */
  void say(String message) {
    if (terminal && drawn) {
      err.print("\r" + ERASE_TO_END);
      drawn = false;
    }
    err.println("idnet-import: " + message);
  }
}
