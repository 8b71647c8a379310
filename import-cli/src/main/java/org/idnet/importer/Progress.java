package org.idnet.importer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import org.idnet.client.imports.AccountImport;

/**
 * The progress lines: what is shown while batches go up and while idnet processes them (from
 * GetImport: done = bound + refused, remaining, lines per second and the time left). Pure text; the
 * {@link Display} decides how often and where.
 */
final class Progress {

  static final int BAR_WIDTH = 24;

  private Progress() {
  }

  /** {@code [#####-------]} for a fraction 0..1 (outside: clamped). */
  static String bar(double fraction, int width) {
    double clamped = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
    int filled = (int) Math.floor(clamped * width);
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
  }

  /** While uploading: batch k of n stored, lines sent of lines to send. */
  static String upload(int batch, int batches, long linesSent, long lines) {
    return "upload     " + bar(batches == 0 ? 1 : (double) batch / batches, BAR_WIDTH) + " batch " + count(batch)
        + " of " + count(batches) + ", " + count(linesSent) + " of " + count(lines) + " lines sent";
  }

  /** While idnet processes: done (bound and refused), remaining, speed and time left once known. */
  static String processing(AccountImport state, Optional<Double> linesPerSecond) {
    long done = state.linesBound() + state.linesRefused();
    long received = state.linesReceived();
    String percent = received == 0 ? "100%" : (done * 100 / received) + "%";
    StringBuilder line = new StringBuilder("processing ")
        .append(bar(received == 0 ? 1 : (double) done / received, BAR_WIDTH)).append(' ').append(percent)
        .append(", ").append(count(done)).append(" of ").append(count(received)).append(" done (")
        .append(count(state.linesBound())).append(" bound, ").append(count(state.linesRefused())).append(" refused), ")
        .append(count(state.linesRemaining())).append(" remaining");
    if (linesPerSecond.isPresent()) {
      double rate = linesPerSecond.get();
      line.append(", ").append(count(Math.round(rate))).append(" lines/s");
      if (state.linesRemaining() > 0 && rate > 0) {
        line.append(", ETA ").append(duration(Duration.ofSeconds((long) Math.ceil(state.linesRemaining() / rate))));
      }
    }
    return line.toString();
  }

  /** {@code 12,345} whatever the machine's locale. */
  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@code 0:07}, {@code 12:05}, {@code 1:02:03}. */
  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", minutes, seconds % 60);
  }

  /**
   * Lines done per second over the last {@code window} of samples: the speed of now, not of the
   * whole import (processing starts while batches still arrive).
   */
  static final class Speed {

    private record Sample(Instant at, long done) {
    }

    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    Speed(Duration window) {
      this.window = window;
    }

    /** Adds a sample; answers the speed once two samples at least a second apart are known. */
    Optional<Double> add(Instant at, long done) {
      samples.addLast(new Sample(at, done));
      while (samples.size() > 2 && Duration.between(samples.peekFirst().at(), at).compareTo(window) > 0) {
        samples.removeFirst();
      }
      Sample first = samples.peekFirst();
      long millis = Duration.between(first.at(), at).toMillis();
      if (millis < 1000) {
        return Optional.empty();
      }
      return Optional.of((done - first.done()) * 1000.0 / millis);
    }
  }
}
